package io.somining.metrics.repository;

import io.agroal.api.AgroalDataSource;
import io.somining.metrics.config.AggregatesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * The sites whose aggregates wait for a set-based rebuild (V13__aggregate_backlog.sql): a consumer marks the sites of
 * a big batch, and renews the marks of those already waiting, before it writes the batch's rows.
 */
@ApplicationScoped
public class AggregateBacklog {

    /** This process: each consumer renews its own row of a site, never another's. */
    private static final String INSTANCE = UUID.randomUUID().toString();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregatesConfig config;

    /** Within the caller's transaction, before the batch's rows are written. */
    public void mark(Connection connection, String consumer, Collection<String> sites, int batchSize) throws SQLException {
        if (sites.isEmpty()) {
            return;
        }
        try (PreparedStatement mark = connection.prepareStatement("SELECT metrics_mark_backlog(?::text[], ?, ?)")) {
            mark.setArray(1, connection.createArrayOf("text", sites.toArray()));
            mark.setString(2, consumer + "@" + INSTANCE);
            mark.setBoolean(3, batchSize >= config.backlogBatch());
            mark.execute();
        }
    }

    /** Sites waiting for their rebuild, whether or not their events still come. */
    public List<String> waiting() {
        return sites("SELECT DISTINCT site FROM aggregate_backlog ORDER BY site", null);
    }

    /** Sites whose events have stopped coming for at least the quiet period. */
    public List<String> quiet() {
        return sites("SELECT site FROM aggregate_backlog GROUP BY site HAVING max(marked_at) < clock_timestamp() - ?::interval "
                + "ORDER BY site", quietPeriod());
    }

    /** Rebuilds a site's aggregates within the caller's transaction; false when its events came again meanwhile. */
    public boolean rebuild(String site) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement rebuild = connection.prepareStatement("SELECT metrics_rebuild(?, ?::interval)")) {
            rebuild.setString(1, site);
            rebuild.setString(2, quietPeriod());
            try (ResultSet done = rebuild.executeQuery()) {
                done.next();
                return done.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rebuild the aggregates of " + site, e);
        }
    }

    /** The quiet period as PostgreSQL's interval text. */
    private String quietPeriod() {
        return config.quietPeriod().toMillis() + " milliseconds";
    }

    private List<String> sites(String sql, String parameter) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(sql)) {
            if (parameter != null) {
                select.setString(1, parameter);
            }
            List<String> sites = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    sites.add(rows.getString(1));
                }
            }
            return sites;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the aggregates' backlog", e);
        }
    }
}
