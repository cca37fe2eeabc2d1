package dev.herald.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.hub.Update;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that is not a Herald history is refused at open, with a message that says why, and left as it was. */
class RefusedFileTest {

    @TempDir
    Path dir;

    private void sql(Path file, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "these are someone's notes, not a database\n");
        assertThatThrownBy(() -> SqliteTransport.open(file)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("not a SQLite database");
        assertThat(Files.readString(file)).isEqualTo("these are someone's notes, not a database\n");
    }

    @Test
    void aSqliteDatabaseOfAnotherApplicationIsRefused() throws Exception {
        Path file = dir.resolve("other.db");
        sql(file, "PRAGMA application_id = 1234", "CREATE TABLE things (x)");
        assertThatThrownBy(() -> SqliteTransport.open(file)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("another application").hasMessageContaining("0x4d2");
    }

    @Test
    void aSqliteDatabaseWithoutOurSchemaIsRefused() throws Exception {
        Path file = dir.resolve("plain.db");
        sql(file, "CREATE TABLE updates (x)");
        assertThatThrownBy(() -> SqliteTransport.open(file)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("not a Herald history").hasMessageContaining("table updates");
    }

    @Test
    void aHistoryOfAnotherSchemaVersionIsRefused() throws Exception {
        Path file = dir.resolve("history.db");
        SqliteTransport.open(file).close();
        sql(file, "PRAGMA user_version = 99");
        assertThatThrownBy(() -> SqliteTransport.open(file)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("schema version 99");
    }

    @Test
    void aCorruptFileIsRefused() throws Exception {
        Path file = dir.resolve("history.db");
        SqliteTransport transport = SqliteTransport.open(file);
        transport.start((position, update) -> { });
        transport.append(Update.of("t", "x".repeat(10_000))).join();
        transport.close();
        // Keeps SQLite's header, overwrites the rest of the first page (the schema) and beyond with noise.
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(100);
            byte[] noise = "corrupt!".repeat(2_000).getBytes(StandardCharsets.US_ASCII);
            raw.write(noise);
        }
        assertThatThrownBy(() -> SqliteTransport.open(file)).isInstanceOf(HistoryFileException.class)
                .hasMessageContaining("refusing").hasMessageContaining(file.toString());
    }
}
