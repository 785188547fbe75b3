package io.somining.classifier.repository;

import io.agroal.api.AgroalDataSource;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.somining.contracts.QuestionClassified;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores classifications keyed by (study, site, post). An unchanged classification is not
 * rewritten, and the upsert answers which ones changed, so only those are published.
 */
@ApplicationScoped
public class ClassificationStore {

    private static final String UPSERT = """
            INSERT INTO classification AS c (study_id, site, post_id, study_version, sets, matches, classified_at)
            SELECT r.study_id, r.site, r.post_id, r.study_version, coalesce(string_to_array(r.sets, ','), '{}'), r.matches, now()
            FROM unnest(?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[])
                 AS r(study_id, site, post_id, study_version, sets, matches)
            ON CONFLICT (study_id, site, post_id) DO UPDATE SET
                study_version = excluded.study_version, sets = excluded.sets, matches = excluded.matches,
                classified_at = excluded.classified_at
            WHERE c.study_version <> excluded.study_version OR c.sets <> excluded.sets OR c.matches <> excluded.matches
            RETURNING c.study_id, c.site, c.post_id
            """;

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

    /** Upserts within the current transaction and answers the events whose classification changed. */
    public List<QuestionClassified> upsertChanged(List<QuestionClassified> classifications) {
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
        int i = 0;
        for (QuestionClassified c : byKey.values()) {
            studies[i] = c.studyId();
            sites[i] = c.site();
            posts[i] = c.postId();
            versions[i] = c.studyVersion();
            sets[i] = c.sets().isEmpty() ? null : String.join(",", c.sets());
            matches[i] = json(c.matches());
            i++;
        }
        Set<String> changed = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            upsert.setArray(1, connection.createArrayOf("text", studies));
            upsert.setArray(2, connection.createArrayOf("text", sites));
            upsert.setArray(3, connection.createArrayOf("bigint", posts));
            upsert.setArray(4, connection.createArrayOf("int", versions));
            upsert.setArray(5, connection.createArrayOf("text", sets));
            upsert.setArray(6, connection.createArrayOf("text", matches));
            try (ResultSet rows = upsert.executeQuery()) {
                while (rows.next()) {
                    changed.add(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + n + " classification(s)", e);
        }
        List<QuestionClassified> result = new ArrayList<>();
        byKey.values().stream().filter(c -> changed.contains(c.key())).forEach(result::add);
        return result;
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
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT s, count(*) FROM classification, unnest(sets) AS s WHERE study_id = ? GROUP BY s ORDER BY s")) {
            select.setString(1, studyId);
            Map<String, Long> counts = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the sets of " + studyId, e);
        }
    }
}
