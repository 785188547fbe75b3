package io.somining.classifier.repository;

import io.agroal.api.AgroalDataSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores classifications keyed by (study, site, post). An unchanged classification is not
 * rewritten, and the upsert answers which ones changed, so only those are published.
 */
@ApplicationScoped
public class ClassificationStore {

    /*
     * The old sets are read in the same statement (a CTE sees the state before it), so that the
     * caller can tell a change of sets from a change of version or snippets. A result computed from
     * an older question event than the stored one (a replay) is ignored.
     */
    private static final String UPSERT = """
            WITH r AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[], ?::timestamptz[],
                                     ?::boolean[])
                     AS r(study_id, site, post_id, study_version, sets, matches, source_event_at, deleted)),
            old AS (
                SELECT c.study_id, c.site, c.post_id, c.study_version, c.sets FROM classification c
                JOIN r USING (study_id, site, post_id)),
            up AS (
                INSERT INTO classification AS c (study_id, site, post_id, study_version, sets, matches, classified_at,
                                                 source_event_at, deleted)
                SELECT r.study_id, r.site, r.post_id, r.study_version, coalesce(string_to_array(r.sets, ','), '{}'),
                       r.matches, now(), r.source_event_at, r.deleted
                FROM r
                ON CONFLICT (study_id, site, post_id) DO UPDATE SET
                    study_version = excluded.study_version, sets = excluded.sets, matches = excluded.matches,
                    classified_at = excluded.classified_at, source_event_at = excluded.source_event_at,
                    deleted = excluded.deleted
                WHERE (c.study_version <> excluded.study_version OR c.sets <> excluded.sets OR c.matches <> excluded.matches
                       OR c.source_event_at IS DISTINCT FROM excluded.source_event_at OR c.deleted <> excluded.deleted)
                  AND c.study_version <= excluded.study_version
                  AND (c.source_event_at IS NULL OR c.source_event_at <= excluded.source_event_at)
                RETURNING c.study_id, c.site, c.post_id, c.sets, c.matches)
            SELECT up.study_id, up.site, up.post_id, old.study_version, old.sets, up.sets
            FROM up LEFT JOIN old USING (study_id, site, post_id)
            """;

    /** A stored classification that differs from what was stored before, and how. */
    public record Change(QuestionClassified classification, Integer oldVersion, List<String> oldSets) {

        /** Entered or left a set (a new row counts as entering its sets, if it has any). */
        public boolean setsChanged() {
            return oldSets == null ? !classification.sets().isEmpty()
                    : !new java.util.HashSet<>(oldSets).equals(new java.util.HashSet<>(classification.sets()));
        }

        /**
         * Worth publishing: the question entered or left a set, or why it is in its sets changed under
         * the same version. A question in no set before and after is not announced: most questions are in
         * no set of an id-list study, and announcing each would double the events of every question.
         */
        public boolean isNews(int version) {
            return setsChanged() || (oldVersion != null && oldVersion == version && !classification.sets().isEmpty());
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Upserts within the current transaction and answers what was stored differently than before.
     *
     * @param sources the question event each classification comes from, by key: when it occurred, and whether
     *                it deleted the question
     */
    public List<Change> upsert(List<QuestionClassified> classifications, Map<String, Event> sources) {
        Map<String, QuestionClassified> byKey = new LinkedHashMap<>();
        classifications.forEach(c -> byKey.put(c.key(), c));
        if (byKey.isEmpty()) {
            return List.of();
        }
        int n = byKey.size();
        String[] studies = new String[n];
        String[] sites = new String[n];
        Long[] posts = new Long[n];
        Integer[] versions = new Integer[n];
        String[] sets = new String[n];
        String[] matches = new String[n];
        java.sql.Timestamp[] occurred = new java.sql.Timestamp[n];
        Boolean[] gone = new Boolean[n];
        int i = 0;
        for (QuestionClassified c : byKey.values()) {
            studies[i] = c.studyId();
            sites[i] = c.site();
            posts[i] = c.postId();
            versions[i] = c.studyVersion();
            sets[i] = c.sets().isEmpty() ? null : String.join(",", c.sets());
            matches[i] = json(c.matches());
            Event source = sources.get(c.key());
            occurred[i] = source == null ? null : java.sql.Timestamp.from(source.occurredAt());
            gone[i] = source instanceof QuestionDeleted;
            i++;
        }
        List<Change> changes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setArray(1, connection.createArrayOf("text", studies));
            upsert.setArray(2, connection.createArrayOf("text", sites));
            upsert.setArray(3, connection.createArrayOf("bigint", posts));
            upsert.setArray(4, connection.createArrayOf("int", versions));
            upsert.setArray(5, connection.createArrayOf("text", sets));
            upsert.setArray(6, connection.createArrayOf("text", matches));
            upsert.setArray(7, connection.createArrayOf("timestamptz", occurred));
            upsert.setArray(8, connection.createArrayOf("boolean", gone));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    String key = rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getLong(3);
                    int oldVersion = rows.getInt(4);
                    java.sql.Array oldSets = rows.getArray(5);
                    changes.add(new Change(byKey.get(key), rows.wasNull() ? null : oldVersion,
                            oldSets == null ? null : List.of((String[]) oldSets.getArray())));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + n + " classification(s)", e);
        }
        return changes;
    }

    /** Records, for the version pair, the questions whose sets a new version changed; answers how many. */
    public int recordVersionChanges(String studyId, int toVersion, List<Change> changes) {
        List<Change> versionChanges = changes.stream()
                .filter(c -> c.oldVersion() != null && c.oldVersion() < toVersion && c.setsChanged()).toList();
        if (versionChanges.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO version_change (study_id, from_version, to_version, site, post_id, entered, left_sets)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (study_id, to_version, site, post_id) DO UPDATE SET
                            entered = excluded.entered, left_sets = excluded.left_sets
                        """)) {
            for (Change change : versionChanges) {
                var now = change.classification().sets();
                insert.setString(1, studyId);
                insert.setInt(2, change.oldVersion());
                insert.setInt(3, toVersion);
                insert.setString(4, change.classification().site());
                insert.setLong(5, change.classification().postId());
                insert.setArray(6, connection.createArrayOf("text",
                        now.stream().filter(s -> !change.oldSets().contains(s)).toArray()));
                insert.setArray(7, connection.createArrayOf("text",
                        change.oldSets().stream().filter(s -> !now.contains(s)).toArray()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the changes of " + studyId + " version " + toVersion, e);
        }
        return versionChanges.size();
    }

    /** A question that entered or left sets between two versions. */
    public record VersionChange(String site, long postId, int fromVersion, List<String> entered, List<String> left) {
    }

    /** Changes recorded for a version, in (site, post) order after the cursor. */
    public List<VersionChange> versionChanges(String studyId, int toVersion, String site, String afterSite, long afterId,
            int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT site, post_id, from_version, entered, left_sets FROM version_change
                        WHERE study_id = ? AND to_version = ? AND (?::text IS NULL OR site = ?) AND (site, post_id) > (?, ?)
                        ORDER BY site, post_id LIMIT ?""")) {
            select.setString(1, studyId);
            select.setInt(2, toVersion);
            select.setString(3, site);
            select.setString(4, site);
            select.setString(5, afterSite);
            select.setLong(6, afterId);
            select.setInt(7, limit);
            List<VersionChange> changes = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    changes.add(new VersionChange(rows.getString(1), rows.getLong(2), rows.getInt(3),
                            List.of((String[]) rows.getArray(4).getArray()),
                            List.of((String[]) rows.getArray(5).getArray())));
                }
            }
            return changes;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the changes of " + studyId + " version " + toVersion, e);
        }
    }

    /** Per set, how many questions entered and left it with a version: {set: [entered, left]}. */
    public Map<String, long[]> versionChangeCounts(String studyId, int toVersion, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT s, sum(e), sum(l) FROM (
                            SELECT unnest(entered) AS s, 1 AS e, 0 AS l FROM version_change
                            WHERE study_id = ? AND to_version = ? AND (?::text IS NULL OR site = ?)
                            UNION ALL
                            SELECT unnest(left_sets), 0, 1 FROM version_change
                            WHERE study_id = ? AND to_version = ? AND (?::text IS NULL OR site = ?)) x
                        GROUP BY s ORDER BY s""")) {
            for (int offset : new int[] { 0, 4 }) {
                select.setString(offset + 1, studyId);
                select.setInt(offset + 2, toVersion);
                select.setString(offset + 3, site);
                select.setString(offset + 4, site);
            }
            Map<String, long[]> counts = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), new long[] { rows.getLong(2), rows.getLong(3) });
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the changes of " + studyId + " version " + toVersion, e);
        }
    }

    /** A member of a set. */
    public record Member(String site, long postId, int studyVersion) {
    }

    /**
     * Members of a set in (site, post) order after the cursor, optionally of one site; with
     * {@code reviewedOnly}, only those a relevance review kept.
     */
    public List<Member> members(String studyId, String set, String site, String afterSite, long afterId, int limit,
            boolean reviewedOnly) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("""
                        SELECT c.site, c.post_id, c.study_version FROM classification c
                        WHERE c.study_id = ? AND c.sets @> ARRAY[?]::text[] AND (?::text IS NULL OR c.site = ?)
                          AND (c.site, c.post_id) > (?, ?)
                          AND (NOT ? OR EXISTS (SELECT 1 FROM set_review r WHERE r.study_id = c.study_id AND r.set_id = ?
                                                AND r.site = c.site AND r.post_id = c.post_id AND r.kept))
                        ORDER BY c.site, c.post_id LIMIT ?""")) {
            select.setString(1, studyId);
            select.setString(2, set);
            select.setString(3, site);
            select.setString(4, site);
            select.setString(5, afterSite);
            select.setLong(6, afterId);
            select.setBoolean(7, reviewedOnly);
            select.setString(8, set);
            select.setInt(9, limit);
            List<Member> members = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(new Member(rows.getString(1), rows.getLong(2), rows.getInt(3)));
                }
            }
            return members;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the members of " + studyId + "/" + set, e);
        }
    }

    /** Records relevance reviews' final labels (KEEP or DROP); an older one never overwrites a newer one. */
    public void applyReviews(List<io.somining.contracts.LabelFinalized> reviews) {
        try (Connection connection = dataSource.getConnection()) {
            io.somining.platform.review.RelevanceReviews.record(connection, reviews);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + reviews.size() + " review(s)", e);
        }
    }

    /** The sets of a study a relevance review decided on (kept or dropped candidates), sorted. */
    public List<String> reviewedSets(String studyId) {
        try (Connection connection = dataSource.getConnection()) {
            return io.somining.platform.review.RelevanceReviews.reviewedSets(connection, studyId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up the reviews of " + studyId, e);
        }
    }

    /** Reviewed members (kept by a relevance review) per set of a study. */
    public Map<String, Long> reviewedPerSet(String studyId) {
        return countsPerSet("""
                SELECT r.set_id, count(*) FROM set_review r JOIN classification c
                    ON c.study_id = r.study_id AND c.site = r.site AND c.post_id = r.post_id AND c.sets @> ARRAY[r.set_id]
                WHERE r.study_id = ? AND r.kept GROUP BY r.set_id ORDER BY r.set_id""", studyId, "reviewed members");
    }

    /** A question's current classifications under every study. */
    public record Stored(String studyId, int studyVersion, List<String> sets, String matchesJson) {
    }

    public List<Stored> forQuestion(String site, long postId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT study_id, study_version, sets, matches FROM classification WHERE site = ? AND post_id = ? ORDER BY study_id")) {
            select.setString(1, site);
            select.setLong(2, postId);
            List<Stored> stored = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(new Stored(rows.getString(1), rows.getInt(2),
                            List.of((String[]) rows.getArray(3).getArray()), rows.getString(4)));
                }
            }
            return stored;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read classifications of " + site + "/" + postId, e);
        }
    }

    /** Members per set of a study (all versions' current results). */
    public Map<String, Long> countsPerSet(String studyId) {
        return countsPerSet("SELECT s, count(*) FROM classification, unnest(sets) AS s WHERE study_id = ? GROUP BY s ORDER BY s",
                studyId, "sets");
    }

    /** A study's classified questions of one site (deleted ones not counted), and its members per set there. */
    public record SiteCounts(long questions, Map<String, Long> members) {
    }

    public SiteCounts siteCounts(String studyId, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement questions = connection.prepareStatement(
                        "SELECT count(*) FROM classification WHERE study_id = ? AND site = ? AND NOT deleted");
                PreparedStatement members = connection.prepareStatement("SELECT s, count(*) FROM classification, "
                        + "unnest(sets) AS s WHERE study_id = ? AND site = ? GROUP BY s ORDER BY s")) {
            questions.setString(1, studyId);
            questions.setString(2, site);
            members.setString(1, studyId);
            members.setString(2, site);
            Map<String, Long> perSet = new LinkedHashMap<>();
            try (ResultSet counted = questions.executeQuery(); ResultSet sets = members.executeQuery()) {
                counted.next();
                while (sets.next()) {
                    perSet.put(sets.getString(1), sets.getLong(2));
                }
                return new SiteCounts(counted.getLong(1), perSet);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the classifications of " + studyId + " on " + site, e);
        }
    }

    /** A (set, count) query of one study, as a map in the query's order. */
    private Map<String, Long> countsPerSet(String sql, String studyId, String what) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, studyId);
            Map<String, Long> counts = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the " + what + " of " + studyId, e);
        }
    }
}
