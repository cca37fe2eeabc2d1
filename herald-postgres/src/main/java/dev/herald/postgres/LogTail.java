package dev.herald.postgres;

import dev.herald.hub.Transport;
import dev.herald.hub.Update;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the log on a connection and thread of its own, handing each row to the hub's listener in position order,
 * one call at a time. The connection {@code LISTEN}s to the log's channel: every commit of an append, by any node,
 * wakes it, and it then reads what follows the last position it delivered, a page at a time, until it has read all.
 * A notification only says "look": its payload is never read, and one that is lost (a reconnect, a full queue) costs
 * nothing, since the next read starts from the position, and a read every {@link #SAFETY_POLL_NANOS} catches up even
 * without any. Listening is registered before the first read, so no commit after that read goes unnoticed.
 *
 * <p>While nothing is published an idle node asks nothing of PostgreSQL but that safety read: it waits on its socket,
 * waking every {@value #WAKE_MILLIS} ms only to see whether it was closed. When the connection fails the tail tells
 * {@link Availability} (appends then get 503 at once), reconnects with a growing pause, and reads on from the last
 * position it delivered.
 */
final class LogTail implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(LogTail.class);
    static final int PAGE = 1_000;
    static final int WAKE_MILLIS = 500;
    static final long SAFETY_POLL_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 2_000;

    private final DataSource dataSource;
    private final LogTable table;
    private final Transport.Listener listener;
    private final NewestUpdate newest;
    private final Availability availability;
    private final Thread thread;
    private volatile boolean running = true;
    // The tail thread's own once started.
    private Connection connection;
    private PGConnection notifications;
    private PreparedStatement read;
    private long last;

    LogTail(DataSource dataSource, LogTable table, long from, Transport.Listener listener, NewestUpdate newest,
            Availability availability) {
        this.dataSource = dataSource;
        this.table = table;
        this.last = from;
        this.listener = listener;
        this.newest = newest;
        this.availability = availability;
        this.thread = new Thread(this, "herald-postgres-tail " + table);
        this.thread.setDaemon(true);
    }

    /** Opens the listening connection (on the caller's thread, so that start fails when PostgreSQL cannot be reached). */
    void connect() throws SQLException {
        Connection opened = dataSource.getConnection();
        try {
            opened.setAutoCommit(true);
            opened.setNetworkTimeout(Runnable::run, GroupCommit.NETWORK_TIMEOUT_MILLIS);
            try (Statement listen = opened.createStatement()) {
                listen.execute(table.listen());
            }
            notifications = opened.unwrap(PGConnection.class);
            read = opened.prepareStatement(table.after());
            connection = opened;
            availability.tailConnected();
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        long pause = FIRST_PAUSE_MILLIS;
        boolean outage = false;
        boolean due = true;
        long lastRead = System.nanoTime();
        while (running) {
            try {
                if (connection == null) {
                    connect();
                    due = true;
                }
                if (due || System.nanoTime() - lastRead > SAFETY_POLL_NANOS) {
                    readOn();
                    lastRead = System.nanoTime();
                    due = false;
                    if (outage) {
                        LOG.info("PostgreSQL is back: following {} again after position {}", table, last);
                        outage = false;
                    }
                    pause = FIRST_PAUSE_MILLIS;
                }
                PGNotification[] woken = notifications.getNotifications(WAKE_MILLIS);
                due = woken != null && woken.length > 0;
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                availability.tailLost("the connection following " + table + " failed: " + e.getMessage());
                if (!outage) {
                    LOG.warn("following the PostgreSQL log {} failed, retrying until PostgreSQL answers: {}", table,
                            e.toString());
                    outage = true;
                }
                drop();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    break;
                }
                pause = Math.min(pause * 2, LONGEST_PAUSE_MILLIS);
            }
        }
        drop();
    }

    /** Delivers every row after the last one delivered, a page at a time. */
    private void readOn() throws SQLException {
        int count;
        do {
            read.setLong(1, last);
            read.setInt(2, PAGE);
            count = 0;
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    count++;
                    deliver(rows);
                }
            }
        } while (count == PAGE && running);
    }

    private void deliver(ResultSet row) throws SQLException {
        long position = row.getLong(1);
        if (position > last + 1) {
            LOG.warn("{} now goes on at position {}, after {} where this node stopped reading: the updates between "
                    + "were trimmed by retention before it could deliver them", table, position, last);
        }
        last = position;
        Update update;
        try {
            update = UpdateRows.read(row);
        } catch (IllegalArgumentException e) {
            LOG.warn("skipping a row of {}: {}", table, e.getMessage());
            return;
        }
        newest.advance(position, update.id());
        try {
            listener.onUpdate(position, update);
        } catch (RejectedExecutionException e) {
            // The hub stops its event loops before it closes the transport: nobody is left to take it on this node.
            LOG.debug("the hub is stopping; position {} of {} not dispatched", position, table);
        } catch (RuntimeException e) {
            // The listener's failure is the hub's; the log goes on for the next update.
            LOG.warn("the hub failed to take position {} of {}", position, table, e);
        }
    }

    private void drop() {
        Connection open = connection;
        connection = null;
        if (open != null) {
            try (Statement unlisten = open.createStatement()) {
                // A pooled connection goes back clean: a listener nobody reads would hold the server's queue.
                unlisten.execute("UNLISTEN *");
            } catch (SQLException e) {
                // the connection is gone, and its LISTEN with it
            }
            try {
                open.close();
            } catch (SQLException e) {
                LOG.debug("closing the connection following {}: {}", table, e.getMessage());
            }
        }
    }

    /** Stops the thread (it notices within {@value #WAKE_MILLIS} ms) and waits for it to end. */
    void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            drop();
            return;
        }
        thread.interrupt();
        try {
            thread.join(WAKE_MILLIS * 4L + GroupCommit.NETWORK_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            return;
        }
        LOG.warn("the thread following {} did not stop", table);
    }
}
