package dev.herald.sqlite;

/**
 * The history file cannot be used: it is not a SQLite database, is a database of another application or of another
 * schema version, is corrupt, or is held by another hub. Thrown when the transport opens the file, never later.
 */
public final class HistoryFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An exception saying why the file was refused. */
    public HistoryFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** An exception saying why the file was refused. */
    public HistoryFileException(String message) {
        super(message);
    }
}
