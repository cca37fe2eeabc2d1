package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.HubPublisher;
import dev.herald.hub.Update;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Publishing the application's objects, written by its own JSON mapper. */
class HubTemplateTest {

    /** A value of the application's. */
    record Book(String title, int copiesLeft) {
    }

    /** A publisher that keeps what it is given, in place of a hub (elsewhere, or disabled here). */
    static final class Kept implements HubPublisher {
        final List<Update> updates = new CopyOnWriteArrayList<>();

        @Override
        public String publish(Update update) {
            updates.add(update);
            return update.id();
        }

        @Override
        public CompletableFuture<String> publishAsync(Update update) {
            return CompletableFuture.completedFuture(publish(update));
        }
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(JacksonAutoConfiguration.class, HubAutoConfiguration.class,
                    HubTemplateAutoConfiguration.class));

    @Test
    void objectsAreWrittenWithTheApplicationsJsonMapper() {
        runner.withPropertyValues("herald.hub.enabled=false", "spring.jackson.property-naming-strategy=SNAKE_CASE")
                .withBean(Kept.class, Kept::new).run(context -> {
                    HubTemplate hub = context.getBean(HubTemplate.class);
                    String id = hub.publish("https://example.com/books/1", new Book("Dune", 3));
                    hub.publishPrivate("https://example.com/users/alice", "as it is");
                    hub.publish(Update.builder().topic("https://example.com/books/2").type("stock"),
                            new Book("Emma", 0));
                    List<Update> updates = context.getBean(Kept.class).updates;
                    assertThat(updates.get(0).id()).isEqualTo(id);
                    assertThat(updates.get(0).data()).isEqualTo("{\"title\":\"Dune\",\"copies_left\":3}");
                    assertThat(updates.get(0).privateUpdate()).isFalse();
                    assertThat(updates.get(1).data()).isEqualTo("as it is");
                    assertThat(updates.get(1).privateUpdate()).isTrue();
                    assertThat(updates.get(2).type()).contains("stock");
                });
    }

    @Test
    void theHubIsThePublisherAndAWriterOfTheApplicationsReplacesTheMappers() {
        runner.withBean(HubPayloadWriter.class, () -> payload -> "<" + payload + ">").run(context -> {
            HubTemplate hub = context.getBean(HubTemplate.class);
            assertThat(hub.data(List.of(1, 2))).isEqualTo("<[1, 2]>");
            assertThat(hub.publish("https://example.com/books/1", 7)).startsWith("urn:uuid:");
        });
    }

    @Test
    void noTemplateWithoutAWriter() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(HubAutoConfiguration.class,
                HubTemplateAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(HubTemplate.class));
    }
}
