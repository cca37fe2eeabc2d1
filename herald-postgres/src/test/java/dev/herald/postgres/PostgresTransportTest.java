package dev.herald.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import dev.herald.testsupport.Received;
import dev.herald.testsupport.TransportContract;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compatibility kit against a real PostgreSQL ({@link TransportContract}), and what is particular to a table: its
 * rows, its schema's version, what it refuses, a failing listener, a row that is no update.
 */
class PostgresTransportTest extends TransportContract {

    private String table;

    @BeforeEach
    void setUp() {
        TestPostgres.assumeAvailable();
        table = TestPostgres.uniqueTable();
    }

    @Override
    protected void cleanUp() throws Exception {
        if (table != null) {
            TestPostgres.drop(TestPostgres.URL, table);
        }
    }

    @Override
    protected Transport open(Retention retention) {
        return PostgresTransport.builder(TestPostgres.URL).table(table).poolSize(3)
                .historySize(retention.maxUpdates()).historyMaxAge(retention.maxAge()).build();
    }

    @Override
    protected boolean sharesTheLog() {
        return true;
    }

    @Override
    protected boolean isDurable() {
        return true;
    }

    @Override
    protected boolean retainsByAge() {
        return true;
    }

    @Override
    protected Optional<Transport> openUnreachable() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        return Optional.of(PostgresTransport.builder("postgresql://postgres@127.0.0.1:" + port + "/test").build());
    }

    private PostgresTransport node(Received listener) {
        PostgresTransport transport = closeAfterTest(PostgresTransport.builder(TestPostgres.URL).table(table)
                .poolSize(3).build());
        transport.start(listener);
        return transport;
    }

    @Test
    void appendCompletesOnceTheRowIsCommittedWithEveryColumn() throws Exception {
        PostgresTransport transport = node(new Received());
        Update update = Update.builder().id("stored").topic("a").topic("b").data("d\nline").type("t")
                .retry(Duration.ofSeconds(3)).privateUpdate(true).build();
        transport.append(update).get(10, TimeUnit.SECONDS);
        try (Connection connection = TestPostgres.connect(TestPostgres.URL);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT id, array_to_string(topics, ','), private, type, "
                        + "retry_ms, data FROM " + table)) {
            assertThat(row.next()).isTrue();
            assertThat(List.of(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                    row.getString(5), row.getString(6))).containsExactly("stored", "a,b", "t", "t", "3000", "d\nline");
            assertThat(row.next()).isFalse();
        }
        assertThat(transport.isAvailable()).isTrue();
    }

    @Test
    void theSchemaIsVersionedAndANewerOneIsRefused() throws Exception {
        node(new Received());
        try (Connection connection = TestPostgres.connect(TestPostgres.URL);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT schema_version, head FROM " + table + "_state")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getInt(1)).isEqualTo(LogTable.SCHEMA_VERSION);
        }
        TestPostgres.execute(TestPostgres.URL, "UPDATE " + table + "_state SET schema_version = "
                + (LogTable.SCHEMA_VERSION + 1));
        PostgresTransport newer = closeAfterTest(PostgresTransport.builder(TestPostgres.URL).table(table).poolSize(3)
                .build());
        assertThatThrownBy(() -> newer.start(new Received())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer Herald");
    }

    @Test
    void aTableThatIsNotAHeraldLogIsRefusedAndLeftAlone() throws Exception {
        TestPostgres.execute(TestPostgres.URL, "CREATE TABLE " + table + " (x integer)");
        PostgresTransport transport = closeAfterTest(PostgresTransport.builder(TestPostgres.URL).table(table)
                .poolSize(3).build());
        assertThatThrownBy(() -> transport.start(new Received())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a Herald log");
        try (Connection connection = TestPostgres.connect(TestPostgres.URL);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT count(*) FROM information_schema.columns "
                        + "WHERE table_name = '" + table + "'")) {
            row.next();
            assertThat(row.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void anUpdatePostgresCannotHoldIsRefusedAloneAndTheOthersAreStored() throws Exception {
        Received live = new Received();
        PostgresTransport transport = node(live);
        CompletableFuture<Void> before = transport.append(update("before"));
        CompletableFuture<Void> nul = transport.append(Update.builder().id("nul").topic("t").data("a\0b").build());
        CompletableFuture<Void> after = transport.append(update("after"));
        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> nul.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TransportUnavailableException.class);
        assertThat(ids(live.next(2))).containsExactly("before", "after");
        assertThat(transport.isAvailable()).isTrue();
    }

    @Test
    void aRowThatIsNoUpdateIsSkipped() throws Exception {
        Received live = new Received();
        PostgresTransport transport = node(live);
        appendAll(transport, "one", "two", "three");
        live.next(3);
        // Changed by hand: an id that would inject a line into every stream it is sent on.
        TestPostgres.execute(TestPostgres.URL, "UPDATE " + table + " SET id = E'a\\nevent: forged' WHERE id = 'two'");
        assertThat(ids(history(transport))).containsExactly("one", "three");
    }

    @Test
    void aFailingListenerDoesNotStopTheTail() throws Exception {
        Received live = new Received();
        PostgresTransport transport = closeAfterTest(PostgresTransport.builder(TestPostgres.URL).table(table)
                .poolSize(3).build());
        transport.start((position, update) -> {
            if (update.id().equals("boom")) {
                throw new IllegalStateException("the listener fails on purpose");
            }
            live.onUpdate(position, update);
        });
        appendAll(transport, "boom", "fine");
        assertThat(ids(live.next(1))).containsExactly("fine");
    }

    @Test
    void retentionDeletesInChunksBesideTheAppendsAndKeepsTheNewest() throws Exception {
        Received live = new Received();
        PostgresTransport transport = closeAfterTest(PostgresTransport.builder(TestPostgres.URL).table(table)
                .poolSize(3).historySize(100).build());
        transport.start(live);
        List<CompletableFuture<Void>> appends = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            appends.add(transport.append(update("c" + i)));
        }
        CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        // A tail further behind than the history misses what was trimmed first: this one may, it is not read.
        // Each statement deletes at most one chunk, beside the appends: it comes down to the newest 100.
        for (int i = 0; i < 5; i++) {
            appendAll(transport, "more" + i);
        }
        awaitTrimmedTo(transport, 100);
        List<Received.Delivery> held = history(transport);
        assertThat(held).hasSize(100);
        assertThat(held.get(99).update().id()).isEqualTo("more4");
    }
}
