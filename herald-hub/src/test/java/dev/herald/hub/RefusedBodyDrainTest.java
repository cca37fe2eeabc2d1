package dev.herald.hub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its whole request before it reads anything (Python's {@code http.client} does) still reads the
 * 413 of a body far over the limit: the hub drains the refused body to its end, bounded by time and rate, not by a
 * byte count that would reset the client mid-body and destroy the answer.
 */
class RefusedBodyDrainTest {

    private static final long TWENTY_FOUR_MIB = 24L * 1024 * 1024;
    private static TestHub hub;

    @BeforeAll
    static void start() {
        hub = HubFixture.start(HubFixture.builder().maxRequestBytes(4096));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void aClientSendingTwentyFourMebibytesBeforeReadingReads413() throws Exception {
        try (RawHttp client = new RawHttp(hub)) {
            client.send("POST /.well-known/mercure HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + HubFixture.PUBLISHER + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + TWENTY_FOUR_MIB + "\r\n\r\n", TWENTY_FOUR_MIB, false);
            assertThat(client.bodySent()).isEqualTo("sent"); // the whole body went out, none of it reset
            assertThat(client.statusLine()).isEqualTo("HTTP/1.1 413 Request Entity Too Large");
        }
    }
}
