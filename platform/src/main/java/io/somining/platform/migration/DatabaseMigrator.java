package io.somining.platform.migration;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies the service's Flyway migrations in the background, retrying until the database answers.
 * Quarkus' own migrate-at-start would fail the boot instead; a service that starts before its
 * database must come up not-ready and recover by itself.
 */
@ApplicationScoped
public class DatabaseMigrator {

    private static final Logger LOG = Logger.getLogger(DatabaseMigrator.class);

    @Inject
    Flyway flyway;

    @ConfigProperty(name = "suite.migration.retry-interval", defaultValue = "2s")
    Duration retryInterval;

    private final CountDownLatch migrated = new CountDownLatch(1);
    private final AtomicReference<String> lastError = new AtomicReference<>("not started");
    private volatile Thread worker;

    void onStart(@Observes StartupEvent event) {
        worker = new Thread(this::migrateUntilDone, "database-migrator");
        worker.setDaemon(true);
        worker.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (worker != null) {
            worker.interrupt();
        }
    }

    private void migrateUntilDone() {
        int attempt = 0;
        while (!Thread.currentThread().isInterrupted()) {
            attempt++;
            try {
                var result = flyway.migrate();
                LOG.infof("Database schema at version %s (%d migration(s) applied)",
                        flyway.info().current() == null ? "none" : flyway.info().current().getVersion(),
                        result.migrationsExecuted);
                lastError.set(null);
                migrated.countDown();
                return;
            } catch (RuntimeException e) {
                lastError.set(e.getMessage());
                LOG.warnf("Database not reachable or migration failed (attempt %d), retrying in %s: %s", attempt,
                        retryInterval, e.getMessage());
                try {
                    Thread.sleep(retryInterval.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    public boolean isMigrated() {
        return migrated.getCount() == 0;
    }

    /** Why the schema is not ready yet, or null once it is. */
    public String lastError() {
        return lastError.get();
    }

    /** For consumers, which hold their batch until the schema exists, however long that takes. */
    public void awaitMigrated() throws InterruptedException {
        migrated.await();
    }

    /** For components that must not touch the database before its schema exists. */
    public boolean awaitMigrated(Duration timeout) throws InterruptedException {
        return migrated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
