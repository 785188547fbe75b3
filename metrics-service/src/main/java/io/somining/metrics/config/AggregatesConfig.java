package io.somining.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** When the aggregates of a site are kept row by row and when they are rebuilt at once ({@code metrics.aggregates.*}). */
@ConfigMapping(prefix = "metrics.aggregates")
public interface AggregatesConfig {

    /**
     * Events in one consumed batch from which its sites enter the backlog: their aggregates are then rebuilt set-based
     * once their events stop coming, instead of kept row by row (a consumer catching up reads full batches, one keeping
     * pace reads a few events at a time).
     */
    @WithDefault("200")
    int backlogBatch();

    /** How long no consumer may have written rows of a site of the backlog before its aggregates are rebuilt. */
    @WithDefault("3s")
    Duration quietPeriod();

    /** How long one site's rebuild may take before it is rolled back (and tried again). */
    @WithDefault("1h")
    Duration rebuildTimeout();
}
