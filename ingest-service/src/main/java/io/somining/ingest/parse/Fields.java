package io.somining.ingest.parse;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Parses the dump's attribute values, which every format carries as strings. */
final class Fields {

    private Fields() {
    }

    /** Thrown for a value that is present but unreadable; the reader turns it into a skipped row. */
    static final class BadField extends RuntimeException {
        BadField(String field, String value, String why) {
            super("field " + field + " = '" + abbreviate(value) + "': " + why);
        }
    }

    /** The columns a post row is read from, named as the dump names them. */
    enum Column {
        Id, PostTypeId, ParentId, AcceptedAnswerId, CreationDate, OwnerUserId, OwnerDisplayName, Title, Body, Tags,
        Score, ViewCount, AnswerCount, ClosedDate
    }

    /** A post row from its columns' values (null for a missing one), whichever format they came in. */
    static PostRow row(Function<Column, String> column, long line) {
        return new PostRow(
                requiredLong("Id", column.apply(Column.Id)),
                postType(column.apply(Column.PostTypeId)),
                optionalLong("ParentId", column.apply(Column.ParentId)),
                optionalLong("AcceptedAnswerId", column.apply(Column.AcceptedAnswerId)),
                requiredInstant("CreationDate", column.apply(Column.CreationDate)),
                optionalLong("OwnerUserId", column.apply(Column.OwnerUserId)),
                column.apply(Column.OwnerDisplayName),
                column.apply(Column.Title),
                column.apply(Column.Body),
                tags(column.apply(Column.Tags)),
                optionalInt("Score", column.apply(Column.Score)),
                optionalInt("ViewCount", column.apply(Column.ViewCount)),
                optionalInt("AnswerCount", column.apply(Column.AnswerCount)),
                optionalInstant("ClosedDate", column.apply(Column.ClosedDate)),
                line);
    }

    /**
     * The post types of Stack Exchange's schema (its PostTypes table): 1 question, 2 answer, 3-8 tag wikis,
     * nominations and placeholders, up to 17 for articles, announcements and collectives, which newer dumps may
     * hold. Another is no post type of a dump: the row is skipped with a warning (a stored post it would have turned
     * into an unknown kind is kept as it was), never stored as a post nothing reads.
     */
    private static final int MAX_POST_TYPE = 17;

    static int postType(String value) {
        long type = requiredLong("PostTypeId", value);
        if (type < 1 || type > MAX_POST_TYPE) {
            throw new BadField("PostTypeId", value, "not a Stack Exchange post type (1 to " + MAX_POST_TYPE + ")");
        }
        return (int) type;
    }

    static Long optionalLong(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new BadField(field, value, "not an integer");
        }
    }

    static Integer optionalInt(String field, String value) {
        Long parsed = optionalLong(field, value);
        if (parsed == null) {
            return null;
        }
        if (parsed > Integer.MAX_VALUE || parsed < Integer.MIN_VALUE) {
            throw new BadField(field, value, "out of range");
        }
        return parsed.intValue();
    }

    static long requiredLong(String field, String value) {
        Long parsed = optionalLong(field, value);
        if (parsed == null) {
            throw new BadField(field, "", "required");
        }
        return parsed;
    }

    /** The dump writes UTC local times such as {@code 2016-08-02T15:39:14.947}; some tools append a zone. */
    static Instant optionalInstant(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant plain = dumpDateTime(value);
        if (plain != null) {
            return plain;
        }
        try {
            if (value.endsWith("Z") || ZONE_SUFFIX.matcher(value).find()) {
                return java.time.OffsetDateTime.parse(value).toInstant();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new BadField(field, value, "not an ISO date-time");
        }
    }

    private static final java.util.regex.Pattern ZONE_SUFFIX = java.util.regex.Pattern.compile("[+-]\\d\\d:\\d\\d$");

    /**
     * The dump's own form, {@code yyyy-MM-ddTHH:mm:ss} with up to three fraction digits, read without
     * a formatter (two of them per row, millions of rows); null for any other form, which the general
     * parser then reads or rejects.
     */
    private static Instant dumpDateTime(String value) {
        int length = value.length();
        if (length < 19 || length > 23 || value.charAt(4) != '-' || value.charAt(7) != '-' || value.charAt(10) != 'T'
                || value.charAt(13) != ':' || value.charAt(16) != ':' || (length > 19 && (value.charAt(19) != '.' || length == 20))) {
            return null;
        }
        int year = digits(value, 0, 4);
        int month = digits(value, 5, 7);
        int day = digits(value, 8, 10);
        int hour = digits(value, 11, 13);
        int minute = digits(value, 14, 16);
        int second = digits(value, 17, 19);
        int fraction = length > 20 ? digits(value, 20, length) : 0;
        if ((year | month | day | hour | minute | second | fraction) < 0 || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long days;
        try {
            days = java.time.LocalDate.of(year, month, day).toEpochDay();
        } catch (java.time.DateTimeException e) {
            return null; // no such day: the general parser names the field
        }
        int millis = fraction * (length == 21 ? 100 : length == 22 ? 10 : 1);
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, millis * 1_000_000L);
    }

    /** The decimal number in value[from, to), or -1 if a character is not a digit. */
    private static int digits(String value, int from, int to) {
        int number = 0;
        for (int i = from; i < to; i++) {
            int digit = value.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            number = number * 10 + digit;
        }
        return number;
    }

    static Instant requiredInstant(String field, String value) {
        Instant parsed = optionalInstant(field, value);
        if (parsed == null) {
            throw new BadField(field, "", "required");
        }
        return parsed;
    }

    /** Both notations: {@code <a><b>} (older dumps) and {@code |a|b|} (2024 on). */
    static List<String> tags(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> tags = new ArrayList<>();
        if (value.startsWith("<")) {
            int start = value.indexOf('<');
            while (start >= 0) {
                int end = value.indexOf('>', start);
                if (end < 0) {
                    throw new BadField("Tags", value, "unclosed '<'");
                }
                if (end > start + 1) {
                    tags.add(value.substring(start + 1, end));
                }
                start = value.indexOf('<', end);
            }
        } else {
            for (String tag : value.split("\\|")) {
                if (!tag.isBlank()) {
                    tags.add(tag.trim());
                }
            }
        }
        return List.copyOf(tags);
    }

    static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
