package io.somining.ingest.parse;

/** A file that cannot be read as a dump, with where it went wrong. */
public class DumpFormatException extends Exception {

    private final String file;
    private final long line;
    private final long column;

    public DumpFormatException(String file, long line, long column, String message, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + message, cause);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}
