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
        return new HubRequest(request.method().name(), uri.rawPath(), uri.rawQuery(), headers,
                request.content().nioBuffer(), Optional.<Principal>empty(), scheme, localAuthority);
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
