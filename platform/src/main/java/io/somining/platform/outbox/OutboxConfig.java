package io.somining.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the outbox relay ({@code suite.outbox.*}). */
@ConfigMapping(prefix = "suite.outbox")
public interface OutboxConfig {

    /** Whether this service publishes through the outbox; read at build time, see {@link OutboxRelay}. */
    @WithDefault("false")
    boolean enabled();

    /** How often the relay looks for new rows (the scheduler's finest step is one second). */
    @WithDefault("1s")
    java.time.Duration pollInterval();

    /** Events published per transaction, at most (a single row standing for more is published alone). */
    @WithDefault("2000")
    int batchSize();

    /** How long a batch may wait for the broker's acknowledgements before it is retried. */
    @WithDefault("30s")
    java.time.Duration sendTimeout();
}
