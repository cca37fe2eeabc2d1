package dev.herald.hub.internal.netty.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseSlicesTest {

    @Test
    void closesAFewATurnUntilNoneWaitsSkippingThoseClosedMeanwhile() {
        EmbeddedChannel loopOwner = new EmbeddedChannel();
        CloseSlices slices = new CloseSlices(loopOwner.eventLoop());
        List<Channel> channels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            EmbeddedChannel channel = new EmbeddedChannel();
            channels.add(channel);
            slices.close(channel);
            if (i % 10 == 0) {
                channel.close(); // closed before its turn, as when a write to it failed
            }
        }
        assertThat(channels.stream().filter(Channel::isOpen)).hasSize(90); // none closed before a turn

        slices.run();
        long open = channels.stream().filter(Channel::isOpen).count();
        assertThat(open).isGreaterThanOrEqualTo(90 - CloseSlices.PER_TURN).isLessThan(90);

        int turns = 1;
        while (channels.stream().anyMatch(Channel::isOpen) && turns < 100) {
            slices.run();
            turns++;
        }
        assertThat(channels).noneMatch(Channel::isOpen);
        assertThat(turns).isEqualTo((100 + CloseSlices.PER_TURN - 1) / CloseSlices.PER_TURN);
        loopOwner.close();
    }
}
