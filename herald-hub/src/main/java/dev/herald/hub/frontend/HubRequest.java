package dev.herald.hub.frontend;

import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request to the hub, as a front-end hands it over: read whole, its body bounded by the hub's
 * {@link HubFrontEnd#maxRequestBytes()}.
 *
 * @param method the method, such as {@code GET}
 * @param path the path, not decoded, the context path included
 * @param rawQuery the query, not decoded; empty when there is none
 * @param headers the header fields
 * @param body the body; empty for none
 * @param principal the user the front-end authenticated, if any (a servlet container's principal)
 * @param scheme {@code http} or {@code https}
 * @param localAuthority the {@code host:port} the request reached, for when it names no usable {@code Host}
 */
public record HubRequest(String method, String path, String rawQuery, Headers headers, ByteBuffer body,
        Optional<Principal> principal, String scheme, String localAuthority) {

    /** Checks that every part is given. */
    public HubRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(rawQuery, "rawQuery");
        Objects.requireNonNull(headers, "headers");
        body = body.asReadOnlyBuffer();
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(localAuthority, "localAuthority");
    }
}
