package dev.herald.spring.boot;

import dev.herald.hub.HubPublisher;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link HubTemplate}, publishing the application's objects with its own JSON mapper: the {@link HubPayloadWriter}
 * writes with the application's {@code JsonMapper} bean (Spring Boot's Jackson), unless the application has a writer
 * of its own.
 */
@AutoConfiguration(after = HubAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class HubTemplateAutoConfiguration {

    /** The template, where there is one publisher and a writer. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(HubPublisher.class)
    @ConditionalOnBean(HubPayloadWriter.class)
    public HubTemplate heraldHubTemplate(HubPublisher publisher, HubPayloadWriter writer) {
        return new HubTemplate(publisher, writer);
    }

    /** The writer of JSON with the application's mapper. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JsonWriterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnSingleCandidate(JsonMapper.class)
        HubPayloadWriter heraldHubPayloadWriter(JsonMapper json) {
            return json::writeValueAsString;
        }
    }
}
