package dev.herald.contract;

import java.util.List;

/**
 * The body of {@code GET /}: which client this is and which optional harness features it supports.
 *
 * @param name the client under test
 * @param capabilities the harness's capability strings the client supports
 */
public record ServiceStatus(String name, List<String> capabilities) {

    /**
     * Herald's status. {@code event-type-listeners} makes the harness send {@code listen} before it uses a type;
     * Herald's listener sees every type anyway, so the service accepts the command with nothing to register.
     * {@code server-directed-shutdown-request} is Herald's spec behaviour: a 204 response closes the source for
     * good, without an error and without reconnecting.
     */
    public static ServiceStatus herald() {
        return new ServiceStatus("herald-client", List.of(
                "comments",
                "headers",
                "last-event-id",
                "post",
                "report",
                "read-timeout",
                "restart",
                "bom",
                "event-type-listeners",
                "server-directed-shutdown-request"));
    }
}
