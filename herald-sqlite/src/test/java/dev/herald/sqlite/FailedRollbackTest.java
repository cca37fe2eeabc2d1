package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Transport;
import dev.herald.hub.TransportUnavailableException;
import dev.herald.hub.Update;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit that fails and a rollback that fails too leave the writer's transaction open, its rows visible to the
 * writer's own connection but never stored. The writer must not take them for a commit that went through: the publish
 * is refused, not answered 200 for an update the file then loses. The faults are injected into the real SQLite
 * connection's COMMIT and ROLLBACK, which then do not run.
 */
class FailedRollbackTest {

    @TempDir
    Path dir;

    @Test
    void aTransactionLeftOpenIsNotTakenForAStoredBatch() throws Exception {
        Path path = dir.resolve("history.db");
        HistoryFile file = HistoryFile.open(path);
        Set<String> failing = ConcurrentHashMap.newKeySet();
        List<String> delivered = new CopyOnWriteArrayList<>();
        GroupCommit writer = new GroupCommit(file, Sync.NORMAL, failing(file.connect(Sync.NORMAL, 0), failing),
                file.connect(Sync.NORMAL, 0), new Retention(1_000, Duration.ZERO), file.extent());
        Transport.Listener listener = (position, update) -> delivered.add(update.id());
        writer.start(listener);
        try {
            stored(writer.append(update("before")));

            failing.addAll(Set.of("COMMIT", "ROLLBACK"));
            CompletableFuture<Void> lost = writer.append(update("lost"));
            assertThatThrownBy(() -> lost.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TransportUnavailableException.class);

            // The next batch finds the transaction still open, is refused, and rolls it back; the one after is stored.
            CompletableFuture<Void> refused = writer.append(update("refused"));
            assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
            stored(writer.append(update("after")));
        } finally {
            writer.stop();
            file.close();
        }
        assertThat(HistoryRows.ids(path)).containsExactly("before", "after");
        assertThat(delivered).containsExactly("before", "after");
    }

    private static void stored(CompletableFuture<Void> append) throws Exception {
        append.get(10, TimeUnit.SECONDS);
    }

    private static Update update(String id) {
        return Update.builder().id(id).topics(List.of("https://example.com/t")).data(id).build();
    }

    /** {@code real}, but each statement in {@code failing} fails once, without running, when executed as text. */
    private static Connection failing(Connection real, Set<String> failing) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(real, method, args);
                    if (!method.getName().equals("createStatement")) {
                        return result;
                    }
                    Statement statement = (Statement) result;
                    return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                            (p, m, a) -> {
                                if (m.getName().equals("execute") && a != null && a.length == 1
                                        && failing.remove(String.valueOf(a[0]))) {
                                    throw new SQLException("injected: " + a[0] + " did not run");
                                }
                                return invoke(statement, m, a);
                            });
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
