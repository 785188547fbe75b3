package io.somining.platform.outbox;

import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.jboss.logging.Logger;

/**
 * Pauses and resumes the {@link OutboxRelay}, and reports what waits in the outbox. The pause is a row
 * in {@code outbox_pause}, which the relay's step reads in the statement that takes its rows: it holds
 * for every replica and across restarts, and a step already under way when it is set still finishes.
 * Pausing and resuming are idempotent; events written meanwhile wait, in order, and nothing is lost.
 */
@ApplicationScoped
@IfBuildProperty(name = "suite.outbox.enabled", stringValue = "true")
public class OutboxControl {

    private static final Logger LOG = Logger.getLogger(OutboxControl.class);

    private static final String STATUS = "SELECT p.paused_at, p.paused_by, p.reason, o.rows, o.events, o.oldest, "
            + "(SELECT count(*) FROM outbox_dead_event) "
            + "FROM (SELECT count(*) AS rows, coalesce(sum(coalesce(batch_size, 1)), 0) AS events, "
            + "min(created_at) AS oldest FROM outbox_event) o LEFT JOIN outbox_pause p ON true";

    @Inject
    AgroalDataSource dataSource;

    public OutboxStatus status() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement status = connection.prepareStatement(STATUS);
                ResultSet result = status.executeQuery()) {
            result.next();
            OffsetDateTime pausedAt = result.getObject(1, OffsetDateTime.class);
            OffsetDateTime oldest = result.getObject(6, OffsetDateTime.class);
            return new OutboxStatus(pausedAt != null, pausedAt == null ? null : pausedAt.toInstant(), result.getString(2),
                    result.getString(3), result.getLong(4), result.getLong(5), oldest == null ? null : oldest.toInstant(),
                    result.getLong(7));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the outbox: " + e.getMessage(), e);
        }
    }

    /** Pauses publishing; a pause already in place is kept as it was, with its time, author and reason. */
    public OutboxStatus pause(String by, String reason) {
        int changed = update("INSERT INTO outbox_pause (paused_by, reason) VALUES (?, ?) ON CONFLICT DO NOTHING", by, reason);
        if (changed > 0) {
            LOG.infof("Outbox publishing paused by %s: %s", by, reason);
        }
        return status();
    }

    public OutboxStatus resume(String by) {
        if (update("DELETE FROM outbox_pause") > 0) {
            LOG.infof("Outbox publishing resumed by %s", by);
        }
        return status();
    }

    private int update(String sql, String... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot change the outbox's pause: " + e.getMessage(), e);
        }
    }
}
