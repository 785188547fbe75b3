package io.somining.ingest.repository;

import io.somining.ingest.parse.PostRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * 64 bits of SHA-256 over the fields of a post whose change downstream must hear about (not score or
 * views): each field as text (null as one zero byte) followed by a unit separator, instants as
 * {@link Instant#toString()} writes them, tags joined by '|'. Stored with every post; a newer dump's
 * row whose hash differs is a change. The input must never change, or every post of the next dump
 * would count as changed. One instance per thread: it reuses its digest and buffer.
 */
final class ContentHash {

    private static final byte SEPARATOR = 0x1F;
    private static final byte NULL = 0;
    /** 10000-01-01T00:00:00Z: instants before it (and from 1970) get the fast path. */
    private static final long YEAR_10000 = 253_402_300_800L;

    private final MessageDigest digest;
    private final byte[] scratch = new byte[32];

    ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long of(PostRow row) {
        number(row.postTypeId());
        number(row.parentId());
        number(row.acceptedAnswerId());
        instant(row.creationDate());
        number(row.ownerUserId());
        text(row.ownerDisplayName());
        text(row.title());
        text(row.body());
        tags(row.tags());
        number(row.answerCount() == null ? null : Long.valueOf(row.answerCount()));
        instant(row.closedDate());
        byte[] hash = digest.digest();
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (hash[b] & 0xFF);
        }
        return value;
    }

    private void text(String value) {
        if (value == null) {
            digest.update(NULL);
        } else {
            digest.update(value.getBytes(StandardCharsets.UTF_8));
        }
        digest.update(SEPARATOR);
    }

    private void tags(List<String> tags) {
        text(String.join("|", tags));
    }

    private void number(long value) {
        if (value == Long.MIN_VALUE) {
            text(Long.toString(value)); // its magnitude has no long
            return;
        }
        // digits written backwards from the end of the scratch buffer
        int at = scratch.length;
        long rest = Math.abs(value);
        do {
            scratch[--at] = (byte) ('0' + rest % 10);
            rest /= 10;
        } while (rest > 0);
        if (value < 0) {
            scratch[--at] = '-';
        }
        digest.update(scratch, at, scratch.length - at);
        digest.update(SEPARATOR);
    }

    private void number(Long value) {
        if (value == null) {
            text(null);
        } else {
            number(value.longValue());
        }
    }

    /**
     * {@link Instant#toString()}'s characters (ISO-8601 in UTC, seconds always, the fraction in groups
     * of three digits as needed), written without building the string for years 1970 to 9999; the
     * JDK's own text for the others. Formatting took a twentieth of the reading thread's time.
     */
    private void instant(Instant value) {
        if (value == null || value.getEpochSecond() < 0 || value.getEpochSecond() >= YEAR_10000) {
            text(value == null ? null : value.toString());
            return;
        }
        long seconds = value.getEpochSecond();
        LocalDate date = LocalDate.ofEpochDay(seconds / 86_400);
        int secondOfDay = (int) (seconds % 86_400);
        byte[] out = scratch;
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int length = 19;
        int nanos = value.getNano();
        if (nanos > 0) {
            out[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(out, length, nanos / 1_000_000, 3);
                length += 3;
            } else if (nanos % 1_000 == 0) {
                digits(out, length, nanos / 1_000, 6);
                length += 6;
            } else {
                digits(out, length, nanos, 9);
                length += 9;
            }
        }
        out[length++] = 'Z';
        digest.update(out, 0, length);
        digest.update(SEPARATOR);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
