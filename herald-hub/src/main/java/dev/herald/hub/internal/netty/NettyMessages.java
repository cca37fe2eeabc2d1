package dev.herald.hub.internal.netty;

import dev.herald.hub.frontend.Headers;
import dev.herald.hub.frontend.HubRequest;
import dev.herald.hub.frontend.HubResponse;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/** The hub's own request and response model ({@link HubRequest}, {@link HubResponse}) to and from Netty's. */
final class NettyMessages {

    private NettyMessages() {
    }

    /** {@code request} as the hub's endpoints read it; its body is read where it is, until the request is released. */
    static HubRequest request(FullHttpRequest request, String scheme, String localAuthority) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Headers headers = new Headers();
        for (Map.Entry<String, String> field : request.headers()) {
            headers.add(field.getKey(), field.getValue());
        }
        return new HubRequest(request.method().name(), uri.rawPath(), percentEncodedAboveAscii(uri.rawQuery()), headers,
                request.content().nioBuffer(), Optional.<Principal>empty(), scheme, localAuthority);
    }

    /**
     * Netty reads the request line one char per byte (Latin-1), so a client that sends UTF-8 in a query without
     * percent-encoding it (curl does) would have {@code é} read as {@code Ã©}, a topic silently changed. Each byte
     * above 0x7F is percent-encoded instead, as a URL parser does, so the form decoder reads the bytes as UTF-8 and
     * refuses what is not.
     */
    static String percentEncodedAboveAscii(String query) {
        StringBuilder encoded = null;
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c > 0x7F && encoded == null) {
                encoded = new StringBuilder(query.length() + 16).append(query, 0, i);
            }
            if (encoded != null) {
                if (c > 0x7F) {
                    encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4 & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
                } else {
                    encoded.append(c);
                }
            }
        }
        return encoded == null ? query : encoded.toString();
    }

    /** A whole response. */
    static FullHttpResponse full(HubResponse response) {
        FullHttpResponse full = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        copy(response.headers(), full.headers());
        return full;
    }

    /** A response's head alone (a stream's), its body to follow. */
    static HttpResponse head(HubResponse response) {
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()));
        copy(response.headers(), head.headers());
        return head;
    }

    private static void copy(Headers from, HttpHeaders to) {
        for (Map.Entry<String, String> field : from) {
            to.add(field.getKey(), field.getValue());
        }
    }
}
