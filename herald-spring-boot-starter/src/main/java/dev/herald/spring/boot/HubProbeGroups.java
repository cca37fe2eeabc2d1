package dev.herald.spring.boot;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Adds the hub's probes to Spring Boot's {@code liveness} and {@code readiness} groups
 * ({@code management.endpoint.health.probes.enabled}, on unless set in Spring Boot 4): {@code heraldLiveness} and
 * {@code heraldReadiness}, beside Boot's {@code livenessState} and {@code readinessState}. A group whose members the
 * application lists itself ({@code management.endpoint.health.group.readiness.include} or {@code .exclude}) is left as
 * it is; list the hub's there to keep them. Runs after Boot's own post-processor, which makes the probe groups: its
 * auto-configuration comes after Boot's, and both have the lowest precedence.
 */
class HubProbeGroups implements HealthEndpointGroupsPostProcessor {

    /** Each probe group, and the hub's member of it. */
    static final Map<String, String> MEMBERS = Map.of("liveness", "heraldLiveness", "readiness", "heraldReadiness");

    private final Environment environment;

    HubProbeGroups(Environment environment) {
        this.environment = environment;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        Binder binder = Binder.get(environment);
        Map<String, String> members = new HashMap<>(MEMBERS);
        members.keySet().removeIf(group -> listedByTheApplication(binder, group));
        return new WithMembers(groups, Map.copyOf(members));
    }

    private static boolean listedByTheApplication(Binder binder, String group) {
        String prefix = "management.endpoint.health.group." + group + ".";
        return binder.bind(prefix + "include", Bindable.setOf(String.class)).isBound()
                || binder.bind(prefix + "exclude", Bindable.setOf(String.class)).isBound();
    }

    /**
     * The groups, the probe groups that the application did not list itself with the hub's members; still telling
     * Boot's additional paths ({@code /livez}, {@code /readyz}:
     * {@code management.endpoint.health.probes.add-additional-paths}).
     */
    private record WithMembers(HealthEndpointGroups groups, Map<String, String> members)
            implements HealthEndpointGroups, AdditionalPathsMapper {
        @Override
        public HealthEndpointGroup getPrimary() {
            return groups.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return groups.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = groups.get(name);
            String member = members.get(name);
            return group == null || member == null ? group : new WithMember(group, member);
        }

        /** Boot's own, or null, the interface's "none" (Boot's probe groups make this one when it adds them). */
        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return groups instanceof AdditionalPathsMapper mapper
                    ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
        }
    }

    /** A group with one more member. */
    private record WithMember(HealthEndpointGroup group, String member) implements HealthEndpointGroup {
        @Override
        public boolean isMember(String name) {
            return member.equals(name) || group.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return group.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return group.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return group.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return group.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return group.getAdditionalPath();
        }
    }
}
