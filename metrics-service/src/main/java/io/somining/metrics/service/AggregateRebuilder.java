package io.somining.metrics.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.somining.metrics.config.AggregatesConfig;
import io.somining.metrics.repository.AggregateBacklog;
import io.somining.platform.migration.DatabaseMigrator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
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

    @Inject
    PipelineLag lag;

    private volatile boolean failing;
    private volatile boolean waiting;

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void rebuildQuietSites() {
        if (!migrator.isMigrated()) {
            return;
        }
        try {
            List<String> quiet = backlog.quiet();
            if (quiet.isEmpty() || upstreamStillBusy(quiet)) {
                return;
            }
            for (String site : quiet) {
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

    /**
     * A quiet site is not always a finished one: under load a consumer may pause longer than the quiet period (a
     * checkpoint, a collection) while its events still wait in the topics. Counting the site then is wasted work that
     * holds the site's lock against the writers (over a minute for 7 M questions). So the count waits while a running
     * consumer that feeds the metrics has events left; when the broker cannot say, it goes ahead (a count from scratch
     * is always right, only maybe early).
     */
    private boolean upstreamStillBusy(List<String> quiet) {
        try {
            List<String> behind = lag.feedingGroupsBehind();
            if (!behind.isEmpty() && !waiting) {
                LOG.infof("Counting %s from scratch once %s have read their events", quiet, behind);
            }
            waiting = !behind.isEmpty();
            return waiting;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("The broker cannot say whether the consumers are done; counting %s now: %s", quiet, e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
