package io.somining.ingest.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows a reader skipped because a field was missing or malformed: a warning for each (the first ones kept),
 * and the post id of each where it could be read, so that a stored post the dump still holds is not taken for
 * deleted because its row was unreadable.
 */
public final class SkippedRows {

    private static final int MAX_WARNINGS_KEPT = 1000;

    private final List<String> warnings = new ArrayList<>();
    private final List<Long> ids = new ArrayList<>();
    private int unidentified;

    /** What was skipped since the last drain. */
    public record Drained(List<String> warnings, List<Long> ids, int unidentified) {

        public static final Drained NONE = new Drained(List.of(), List.of(), 0);

        public int count() {
            return ids.size() + unidentified;
        }
    }

    void skip(String file, long line, String reason, String idText) {
        if (warnings.size() < MAX_WARNINGS_KEPT) {
            warnings.add(file + ":" + line + ": row skipped, " + reason);
        }
        Long id = idOf(idText);
        if (id == null) {
            unidentified++;
        } else {
            ids.add(id);
        }
    }

    public Drained drain() {
        Drained drained = new Drained(List.copyOf(warnings), List.copyOf(ids), unidentified);
        warnings.clear();
        ids.clear();
        unidentified = 0;
        return drained;
    }

    private static Long idOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            long id = Long.parseLong(text.trim());
            return id > 0 ? id : null;
        } catch (NumberFormatException notAnId) {
            return null;
        }
    }
}
