package io.somining.metrics.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.agroal.api.AgroalDataSource;
import io.somining.metrics.config.FigureCacheConfig;
import io.somining.metrics.rest.DifficultyView;
import io.somining.metrics.rest.SurvivalView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Supplier;

/**
 * The figures last computed for each request, served again while the database has committed nothing since. Each
 * entry keeps the PostgreSQL snapshot read before it was computed ({@code pg_current_snapshot()}: the transactions in
 * flight and the next one to start); a request that reads the same snapshot would read the same rows, so it gets the
 * entry. Any commit in the cluster changes the snapshot: every instance of the service (each with its own entries)
 * sees the others' writes at once, and while events are being counted the entries simply miss. Measured with
 * {@code ./suite load} (deploy/load/README.md): the metrics' endpoints were the first to saturate.
 */
@ApplicationScoped
public class FigureCache {

    private record Entry(String snapshot, Object figures) {
    }

    private final AgroalDataSource dataSource;
    private final Cache<List<Object>, Entry> entries;
    private final boolean enabled;

    @Inject
    public FigureCache(AgroalDataSource dataSource, FigureCacheConfig config) {
        this.dataSource = dataSource;
        this.enabled = config.maxWeight() > 0;
        // kept at most 10 minutes: a database restored or failed over could hand out the same snapshot again
        this.entries = Caffeine.newBuilder().maximumWeight(Math.max(1, config.maxWeight()))
                .expireAfterWrite(java.time.Duration.ofMinutes(10))
                .weigher((List<Object> key, Entry entry) -> weight(key, entry.figures())).build();
    }

    /**
     * The figures of {@code key} (the operation's name and every argument that shapes its answer) as last computed if
     * nothing was committed since, else computed now. What {@code compute} throws is thrown, and nothing is kept.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(List<Object> key, Supplier<T> compute) {
        if (!enabled) {
            return compute.get();
        }
        String snapshot = snapshot();
        if (snapshot == null) {
            return compute.get();
        }
        Entry kept = entries.getIfPresent(key);
        if (kept != null && kept.snapshot().equals(snapshot)) {
            return (T) kept.figures();
        }
        T figures = compute.get();
        entries.put(key, new Entry(snapshot, figures));
        return figures;
    }

    /**
     * The snapshot, with the server's start time (a server restored or failed over starts anew); null on a standby,
     * whose snapshots do not list the transactions in flight.
     */
    private String snapshot() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT CASE WHEN pg_is_in_recovery() THEN NULL"
                        + " ELSE pg_current_snapshot()::text || '@' || pg_postmaster_start_time() END")) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * About a hundred bytes per unit: the key's text (a site is what the caller sends), a survival curve's steps, a
     * box plot's outliers.
     */
    private static int weight(List<Object> key, Object figures) {
        int weight = 1 + String.valueOf(key).length() / 100;
        if (figures instanceof SurvivalView survival && survival.curve() != null) {
            weight += survival.curve().size();
        }
        if (figures instanceof DifficultyView difficulty && difficulty.responseMinutes() != null
                && difficulty.responseMinutes().outliers() != null) {
            weight += difficulty.responseMinutes().outliers().size() / 4;
        }
        return weight;
    }
}
