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

    private static final String TREND = """
            SELECT extract(year FROM q.creation_date AT TIME ZONE 'UTC')::int AS year,
                   count(*), count(DISTINCT q.owner_user_id)
            FROM set_membership m JOIN question_fact q ON q.site = m.site AND q.post_id = m.post_id
            WHERE m.study_id = ? AND m.sets @> ARRAY[?]::text[] AND (?::text IS NULL OR m.site = ?)
              AND q.creation_date >= make_timestamptz(?, 1, 1, 0, 0, 0, 'UTC')
              AND q.creation_date < make_timestamptz(?, 1, 1, 0, 0, 0, 'UTC')
            GROUP BY 1 ORDER BY 1
            """;

    @Inject
    AgroalDataSource dataSource;

    /** @param site one site only, or null for all */
    public List<YearCount> trend(String studyId, String setId, String site, int fromYear, int toYear) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(TREND)) {
            select.setString(1, studyId);
            select.setString(2, setId);
            select.setString(3, site);
            select.setString(4, site);
            select.setInt(5, fromYear);
            select.setInt(6, toYear + 1);
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

    /** The sets seen for a study, with their sizes; empty when the study is unknown here. */
    public Map<String, Long> setSizes(String studyId, String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT s, count(*) FROM set_membership, "
                        + "unnest(sets) AS s WHERE study_id = ? AND (?::text IS NULL OR site = ?) GROUP BY s ORDER BY s")) {
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

    public boolean studyExists(String studyId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT 1 FROM set_membership WHERE study_id = ? LIMIT 1")) {
            select.setString(1, studyId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up study " + studyId, e);
        }
    }
}
