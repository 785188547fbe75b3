package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** What the metrics hold of a site: the reconciliation's last side. */
@ApplicationScoped
public class SiteCounts {

    /**
     * @param members per study, per set: members whose question is projected too (those the figures count)
     */
    public record Counted(long questions, long responseTimes, long acceptedWithoutTime,
            Map<String, Map<String, Long>> members) {
    }

    @Inject
    AgroalDataSource dataSource;

    public Counted of(String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement facts = connection.prepareStatement("""
                        SELECT count(*), count(accepted_answer_at),
                               count(*) FILTER (WHERE accepted_answer_id IS NOT NULL AND accepted_answer_at IS NULL)
                        FROM question_fact WHERE site = ?""");
                // from the aggregates the figures read (a few rows per site): a join of a site's memberships with its
                // facts, planned as a nested loop while the statistics had not seen a just-loaded site yet, ran for
                // minutes per call and held every connection of the pool
                PreparedStatement members = connection.prepareStatement("""
                        SELECT c.study_id, s, sum(c.questions)
                        FROM set_combination_stats c, unnest(c.sets) AS s
                        WHERE c.site = ? GROUP BY 1, 2 HAVING sum(c.questions) <> 0""")) {
            facts.setString(1, site);
            members.setString(1, site);
            Map<String, Map<String, Long>> perStudy = new TreeMap<>();
            try (ResultSet counted = facts.executeQuery(); ResultSet sets = members.executeQuery()) {
                counted.next();
                while (sets.next()) {
                    perStudy.computeIfAbsent(sets.getString(1), study -> new TreeMap<>()).put(sets.getString(2),
                            sets.getLong(3));
                }
                return new Counted(counted.getLong(1), counted.getLong(2), counted.getLong(3), perStudy);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the projections of " + site, e);
        }
    }
}
