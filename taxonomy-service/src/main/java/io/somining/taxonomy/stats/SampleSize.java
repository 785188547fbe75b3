package io.somining.taxonomy.stats;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * How many questions to read so that a share estimated on them is within {@code margin} of the
 * population's at the given confidence: Cochran's n0 = z² p (1 − p) / e², with the finite
 * population correction n = n0 / (1 + (n0 − 1) / N). The exact value is reported with both roundings,
 * since papers differ: the FSE 2020 paper's 297 of 1,325 and 307 of 1,533 are 297.98 and 307.33
 * truncated; rounding up (the textbook rule) gives 298 and 308.
 */
public record SampleSize(long population, double confidence, double margin, double proportion, double z,
        double infinitePopulation, double exact, long roundedUp, long truncated) {

    public static SampleSize of(long population, double confidence, double margin, double proportion) {
        if (population < 1) {
            throw new IllegalArgumentException("population: must be 1 or more, was " + population);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence: must be between 0 and 1, was " + confidence);
        }
        if (!(margin > 0 && margin < 1)) {
            throw new IllegalArgumentException("margin: must be between 0 and 1, was " + margin);
        }
        if (!(proportion > 0 && proportion < 1)) {
            throw new IllegalArgumentException("proportion: must be between 0 and 1, was " + proportion);
        }
        double z = NormalDistribution.of(0, 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double n0 = z * z * proportion * (1 - proportion) / (margin * margin);
        if (!Double.isFinite(n0)) {
            // beyond a double: no sample answers it, and the finite correction would give NaN
            throw new IllegalArgumentException("margin: " + margin + " at confidence " + confidence
                    + " asks for more questions than a number can hold; give a wider margin");
        }
        double exact = n0 / (1 + (n0 - 1) / population);
        return new SampleSize(population, confidence, margin, proportion, z, n0, exact,
                Math.min(population, (long) Math.ceil(exact - 1e-9)), (long) Math.floor(exact));
    }
}
