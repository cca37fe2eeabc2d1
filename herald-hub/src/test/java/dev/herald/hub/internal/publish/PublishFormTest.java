package dev.herald.hub.internal.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.Update;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PublishFormTest {

    @Test
    void everyFieldIsEncodedTheTopicsInOrder() {
        Update update = Update.builder().topic("https://example.com/books/1").topic("t:é").id("id 1")
                .data("a&b=c\nd").type("price").retry(Duration.ofSeconds(2)).privateUpdate(true).build();
        assertThat(PublishForm.encode(update)).isEqualTo("topic=https%3A%2F%2Fexample.com%2Fbooks%2F1&topic=t%3A%C3%A9"
                + "&id=id+1&data=a%26b%3Dc%0Ad&type=price&retry=2000&private=on");
    }

    @Test
    void aPublicUpdateWithoutTypeOrRetryCarriesItsIdAndData() {
        Update update = Update.builder().topic("t").id("x").build();
        assertThat(PublishForm.encode(update)).isEqualTo("topic=t&id=x&data=");
    }
}
