package dev.herald.hub.internal.netty.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The default connection limit leaves open files for everything else. */
class ConnectionBudgetTest {

    @Test
    void aTenthOfTheOpenFilesAndAtLeast256AreKeptForEverythingElse() {
        assertThat(ConnectionBudget.forOpenFileLimit(20_000).maxConnections()).isEqualTo(18_000);
        assertThat(ConnectionBudget.forOpenFileLimit(1_048_576).maxConnections()).isEqualTo(943_719);
        assertThat(ConnectionBudget.forOpenFileLimit(1_024).maxConnections()).isEqualTo(768);
        assertThat(ConnectionBudget.forOpenFileLimit(256).maxConnections()).isEqualTo(128);
    }

    @Test
    void thisProcessGetsLessThanItsOpenFileLimit() {
        ConnectionBudget budget = ConnectionBudget.ofThisProcess();
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            assertThat(budget.openFileLimit()).hasValue(unix.getMaxFileDescriptorCount());
            assertThat((long) budget.maxConnections()).isLessThan(unix.getMaxFileDescriptorCount());
        } else {
            assertThat(budget.maxConnections()).isEqualTo(ConnectionBudget.UNKNOWN_LIMIT_DEFAULT);
        }
    }
}
