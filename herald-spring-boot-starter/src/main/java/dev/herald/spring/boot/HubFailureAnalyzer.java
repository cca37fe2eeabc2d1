package dev.herald.spring.boot;

import dev.herald.hub.InvalidOptionException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Spring Boot's report of a hub that cannot start ("APPLICATION FAILED TO START"): the {@code herald.hub.*} property
 * at fault, what is wrong with it and what to do, instead of a stack of causes.
 */
final class HubFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof HubPropertyException property) {
                return new FailureAnalysis(property.getMessage(), property.action(), property);
            }
            if (cause instanceof InvalidOptionException refusal) {
                HubPropertyException property = HubPropertyException.of(refusal);
                return new FailureAnalysis(property.getMessage(), property.action(), refusal);
            }
        }
        return null;
    }
}
