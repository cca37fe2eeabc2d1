package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A query whose UTF-8 the client did not percent-encode (curl sends {@code é} as its two bytes) names the same topic
 * as its percent-encoded form, as a browser's URL parser would make it; bytes that are not UTF-8 are refused.
 */
class RawQueryBytesTest {

    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder());
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
    }

    @Test
    void unencodedUtf8InAQueryIsTheTopicItSpells() throws Exception {
        try (Socket socket = request("topic=https://example.com/caf\u00C3\u00A9")) {
            assertThat(readUntil(socket.getInputStream(), ":")).startsWith("HTTP/1.1 200");
            HubFixture.publish(hub, "topic", "https://example.com/caf\u00E9", "data", "accented");
            assertThat(readUntil(socket.getInputStream(), "data: accented")).contains("data: accented");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() throws Exception {
        try (Socket socket = request("topic=https://example.com/caf\u00E9")) {
            assertThat(readUntil(socket.getInputStream(), "\r\n")).startsWith("HTTP/1.1 400");
        }
    }

    /** A subscription whose query's chars are sent as one byte each. */
    private static Socket request(String query) throws IOException {
        Socket socket = new Socket("127.0.0.1", hub.address().getPort());
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("GET /.well-known/mercure?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /** What the connection sends until {@code wanted} has arrived (or it closes, or 5 s pass). */
    private static String readUntil(InputStream in, String wanted) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        try {
            while (!seen.toString(StandardCharsets.UTF_8).contains(wanted)) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                seen.write(b);
            }
        } catch (SocketTimeoutException e) {
            // what arrived is returned
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
