package io.somining.metrics.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much of the figures last computed is kept to be served again ({@code metrics.figure-cache.*}). */
@ConfigMapping(prefix = "metrics.figure-cache")
public interface FigureCacheConfig {

    /**
     * The most kept, in weight, about 100 bytes a unit: a figure weighs 1, plus 1 per 100 characters of its request's
     * arguments, per step of a survival curve (Stack Overflow's biggest set has some 10^5) and per 4 outliers of a box
     * plot. Entries are kept 10 minutes at most. 0 keeps nothing: every request computes its figures.
     */
    @WithDefault("200000")
    long maxWeight();
}
