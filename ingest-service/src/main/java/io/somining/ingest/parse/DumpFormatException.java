package io.somining.ingest.parse;

/** A file that cannot be read as a dump, with where it went wrong. */
public class DumpFormatException extends Exception {

    private final long line;

    public DumpFormatException(String file, long line, long column, String message, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + message, cause);
        this.line = line;
    }

    public long line() {
        return line;
    }
}
