package dev.herald.hub;

import static dev.herald.hub.HubFixture.subscribeUrl;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscriber that stops reading is cut off at its bound and never holds up the others. */
class SlowSubscriberTest {

    @Test
    void aSubscriberThatStopsReadingIsDisconnectedAndTheOthersGetEverything() throws Exception {
        try (TestHub hub = HubFixture.start(HubFixture.builder().maxQueuedBytesPerSubscriber(64 * 1024));
                Socket stalled = new Socket("127.0.0.1", hub.address().getPort());
                StreamReader healthy = StreamReader.open(subscribeUrl(hub, "topic=t:slow"), Map.of())) {
            stalled.setReceiveBufferSize(4096);
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /.well-known/mercure?topic=t:slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(200); // let the hub register it; it then never reads again until the end

            String data = "x".repeat(16 * 1024);
            int updates = 400; // about 6.5 MB: far beyond the socket buffers and the 64 KiB bound
            for (int i = 0; i < updates; i++) {
                // In step with the healthy reader, so only the stalled one can fall behind.
                HubFixture.publish(hub, "topic", "t:slow", "data", i + ":" + data);
                assertThat(healthy.next().data()).startsWith(i + ":");
            }

            HubMetricsView metrics = HubMetricsView.scrape(hub);
            assertThat(metrics.value("herald_disconnects_total{reason=\"slow\"}")).isEqualTo(1.0);
            assertThat(metrics.value("herald_queued_bytes")).as(metrics.text()).isLessThan(1024 * 1024);
            // The hub closes the stalled connection (a task on its loop after the cut-off): only the healthy stream
            // is left.
            long closeDeadline = System.currentTimeMillis() + 5_000;
            while (metrics.value("herald_subscribers") != 1.0 && System.currentTimeMillis() < closeDeadline) {
                Thread.sleep(20);
                metrics = HubMetricsView.scrape(hub);
            }
            assertThat(metrics.value("herald_subscribers")).as(metrics.text()).isEqualTo(1.0);

            // What reaches the stalled client is what the kernel held when the hub let go: never everything. It is
            // not read to its end: with a 4 KiB window the last bytes trickle in on zero-window probes for minutes.
            InputStream in = stalled.getInputStream();
            byte[] buffer = new byte[65536];
            long read = 0;
            long deadline = System.currentTimeMillis() + 2_000;
            try {
                while (System.currentTimeMillis() < deadline) {
                    stalled.setSoTimeout((int) Math.max(1, deadline - System.currentTimeMillis()));
                    int n = in.read(buffer);
                    if (n < 0) {
                        break; // the end of the stream the hub closed
                    }
                    read += n;
                }
            } catch (SocketTimeoutException stillTrickling) {
                // enough has been read to compare
            }
            assertThat(read).isLessThan((long) updates * data.length());
        }
    }
}
