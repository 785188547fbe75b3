package io.somining.platform.sql;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.PGConnection;

/**
 * Rows in PostgreSQL's COPY text format, sent with one {@code COPY ... FROM STDIN}: the fastest way
 * to hand PostgreSQL many rows (no statement per row, no array literals to parse).
 */
public final class CopyRows {

    private final StringBuilder text;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedChars) {
        text = new StringBuilder(expectedChars);
    }

    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> text.append(c);
            }
        }
        return this;
    }

    public CopyRows number(Number value) {
        separate();
        text.append(value == null ? "\\N" : value.toString());
        return this;
    }

    public CopyRows number(long value) {
        separate();
        text.append(value);
        return this;
    }

    public CopyRows instant(Instant value) {
        return value == null ? text(null) : text(value.toString());
    }

    public CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    public int chars() {
        return text.length();
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }

    /** The encoded rows, ready for {@link #copyInto}; encoding once lets another thread do it. */
    public byte[] encoded() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends encoded rows with {@code COPY table (columns) FROM STDIN}; answers the rows copied. */
    public static long copyInto(Connection connection, String tableAndColumns, byte[] encoded) throws SQLException {
        try {
            return connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY " + tableAndColumns + " FROM STDIN", new ByteArrayInputStream(encoded));
        } catch (java.io.IOException e) {
            throw new SQLException("COPY into " + tableAndColumns + " failed: " + e.getMessage(), e);
        }
    }
}
