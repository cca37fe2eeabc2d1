package dev.herald.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a history file holds, read as an operator would with {@code sqlite3}: the tests' view of the truth. */
final class HistoryRows {

    private HistoryRows() {
    }

    /** The ids of the updates in {@code file}, in log order. */
    static List<String> ids(Path file) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id FROM updates ORDER BY position")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
