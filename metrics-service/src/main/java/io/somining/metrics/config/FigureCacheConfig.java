package io.somining.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much of the figures last computed is kept to be served again ({@code metrics.figure-cache.*}). */
@ConfigMapping(prefix = "metrics.figure-cache")
public interface FigureCacheConfig {

    /**
     * The most kept, in weight: a figure weighs 1, a survival curve 1 more per step (a curve of Stack Overflow's
     * biggest set has some 10^5 steps). 0 keeps nothing: every request computes its figures.
     */
    @WithDefault("200000")
    long maxWeight();
}
