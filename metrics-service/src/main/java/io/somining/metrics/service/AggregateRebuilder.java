package io.somining.metrics.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.somining.metrics.config.AggregatesConfig;
import io.somining.metrics.repository.AggregateBacklog;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Counts each site of the backlog from scratch once its events have stopped coming (V13__aggregate_backlog.sql). */
@ApplicationScoped
public class AggregateRebuilder {

    private static final Logger LOG = Logger.getLogger(AggregateRebuilder.class);

    @Inject
    AggregateBacklog backlog;

    @Inject
    AggregatesConfig config;

    @Inject
    DatabaseMigrator migrator;

    private volatile boolean failing;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rebuildQuietSites() {
        if (!migrator.isMigrated()) {
            return;
        }
        try {
            for (String site : backlog.quiet()) {
                long start = System.nanoTime();
                boolean rebuilt = QuarkusTransaction.requiringNew().timeout((int) config.rebuildTimeout().toSeconds())
                        .call(() -> backlog.rebuild(site));
                if (rebuilt) {
                    LOG.infof("Counted %s from its facts and memberships in %d ms (its events had stopped coming)", site,
                            (System.nanoTime() - start) / 1_000_000);
                }
            }
            failing = false;
        } catch (RuntimeException e) {
            // said once per outage, not every second; the sites stay in the backlog and are tried again
            if (!failing) {
                LOG.warnf("Rebuilding aggregates failed, tried again every second: %s", e.getMessage());
            }
            failing = true;
        }
    }
}
