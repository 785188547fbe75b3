package io.somining.ingest.parse;

/** A file that cannot be read as a dump, with where it went wrong. */
public class DumpFormatException extends Exception {

    private final long line;

    public DumpFormatException(String file, long line, long column, String message, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + withoutFile(file, message), cause);
        this.line = line;
    }

    /** A cause's message may name the file already (a compression bomb's does): it is said once. */
    private static String withoutFile(String file, String message) {
        return message != null && message.startsWith(file + ": ") ? message.substring(file.length() + 2) : message;
    }

    public long line() {
        return line;
    }
}
