package dev.herald.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.hub.HubOption;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/**
 * The checked-in IDE metadata is what the options' description makes of it: an option added, renamed or reworded
 * without the metadata following fails here.
 */
class PropertyMetadataTest {

    private static final String RESOURCE = "META-INF/spring-configuration-metadata.json";
    private static final Path SOURCE = Path.of("src/main/resources", RESOURCE);

    @Test
    void theCheckedInMetadataIsTheCatalogs() throws IOException {
        String generated = PropertyMetadata.of(HubPropertyNames.catalog());
        if (Boolean.getBoolean("herald.metadata.write")) {
            Files.writeString(SOURCE, generated);
        }
        String checkedIn;
        if (Files.exists(SOURCE)) {
            checkedIn = Files.readString(SOURCE);
        } else {
            // Run from another module (the same tests on another version of Spring Boot): the starter's own, among
            // the metadata of every Spring Boot jar on the class path.
            String starter = HubPropertyNames.class.getProtectionDomain().getCodeSource().getLocation().toString();
            URL own = Collections.list(PropertyMetadataTest.class.getClassLoader().getResources(RESOURCE)).stream()
                    .filter(url -> url.toString().contains(starter)).findFirst().orElseThrow();
            try (InputStream in = own.openStream()) {
                checkedIn = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        assertThat(checkedIn).as("herald-spring-boot-starter/src/main/resources/" + RESOURCE + " differs from what "
                + "the options' description makes of it. Regenerate it, then review and commit it:\n  mvn -B -o -q "
                + "-pl herald-spring-boot-starter -am verify -Dtest=PropertyMetadataTest "
                + "-Dsurefire.failIfNoSpecifiedTests=false -Dherald.metadata.write=true\n").isEqualTo(generated);
    }

    @Test
    void everyOptionHasItsPropertyWithHelp() {
        String metadata = PropertyMetadata.of(HubPropertyNames.catalog());
        for (HubOption<?> option : HubPropertyNames.catalog()) {
            assertThat(metadata).contains("\"name\": \"herald.hub." + option.name() + "\"");
        }
        assertThat(metadata).contains("\"name\": \"herald.hub.enabled\"").doesNotContain("\"defaultValue\": null");
    }
}
