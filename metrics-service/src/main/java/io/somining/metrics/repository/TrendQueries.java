package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
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

/** Reads the popularity trend from the projections. */
@ApplicationScoped
public class TrendQueries {

    /** One year of a set: its questions and the distinct users who asked them. */
    public record YearCount(int year, long questions, long users) {
    }

    // pre-aggregated (V3__aggregates.sql); users are per site, so the sum over sites counts distinct askers
    private static final String TREND = """
            SELECT year, sum(questions), sum(users) FROM set_year_stats
            WHERE study_id = ? AND set_id = ? AND (?::text IS NULL OR site = ?) AND year BETWEEN ? AND ?
            GROUP BY year HAVING sum(questions) > 0 ORDER BY year
            """;

    // a set's reviewed members, counted when asked: the same figures from the question rows
    private static final String REVIEWED_TREND = """
            SELECT extract(year FROM q.creation_date AT TIME ZONE 'UTC')::int AS year, count(*),
                   count(DISTINCT (q.site, f.owner_user_id)) FILTER (WHERE f.owner_user_id IS NOT NULL)
            FROM set_question q JOIN question_fact f ON f.site = q.site AND f.post_id = q.post_id
            WHERE q.study_id = ? AND q.set_id = ? AND (?::text IS NULL OR q.site = ?)
              AND extract(year FROM q.creation_date AT TIME ZONE 'UTC') BETWEEN ? AND ? AND
            """ + ReviewedMembers.KEPT + " GROUP BY 1 ORDER BY 1";

    @Inject
    AgroalDataSource dataSource;

    /**
     * @param site     one site only, or null for all
     * @param reviewed only the members a relevance review kept
     */
    public List<YearCount> trend(String studyId, String setId, String site, int fromYear, int toYear, boolean reviewed) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(reviewed ? REVIEWED_TREND : TREND)) {
            select.setString(1, studyId);
            select.setString(2, setId);
            select.setString(3, site);
            select.setString(4, site);
            select.setInt(5, fromYear);
            select.setInt(6, toYear);
            List<YearCount> years = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    years.add(new YearCount(rows.getInt(1), rows.getLong(2), rows.getLong(3)));
                }
            }
            return years;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the trend of " + studyId + "/" + setId, e);
        }
    }

    /** A set's reviewed members (questions whose facts have arrived). */
    public long reviewedSize(String studyId, String setId, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM set_question q "
                        + "WHERE q.study_id = ? AND q.set_id = ? AND (?::text IS NULL OR q.site = ?) AND " + ReviewedMembers.KEPT)) {
            select.setString(1, studyId);
            select.setString(2, setId);
            select.setString(3, site);
            select.setString(4, site);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the reviewed members of " + studyId + "/" + setId, e);
        }
    }

    /** The sets of a study that a relevance review decided on (kept or dropped candidates), sorted. */
    public List<String> reviewedSets(String studyId) {
        try (Connection connection = dataSource.getConnection()) {
            return io.somining.platform.review.RelevanceReviews.reviewedSets(connection, studyId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up the reviews of " + studyId, e);
        }
    }

    /** The sizes of a study's sets (questions whose facts have arrived); a set without any is absent. */
    public Map<String, Long> setSizes(String studyId, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT s, sum(questions) FROM set_combination_stats, "
                        + "unnest(sets) AS s WHERE study_id = ? AND (?::text IS NULL OR site = ?) GROUP BY s "
                        + "HAVING sum(questions) > 0 ORDER BY s")) {
            select.setString(1, studyId);
            select.setString(2, site);
            select.setString(3, site);
            Map<String, Long> sizes = new LinkedHashMap<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sizes.put(rows.getString(1), rows.getLong(2));
                }
            }
            return sizes;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the sets of " + studyId, e);
        }
    }

    /**
     * The sets of a study's latest version the classification events named, sorted; empty when the study is unknown
     * here. A set only an older version defined is left out, as the classifier leaves it out.
     */
    public List<String> studySets(String studyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT s.set_id FROM study_set s "
                        + "JOIN study_latest l ON l.study_id = s.study_id AND l.study_version = s.study_version "
                        + "WHERE s.study_id = ? ORDER BY s.set_id")) {
            select.setString(1, studyId);
            List<String> sets = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sets.add(rows.getString(1));
                }
            }
            return sets;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up study " + studyId, e);
        }
    }
}
