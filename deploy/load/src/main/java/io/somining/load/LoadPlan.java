package io.somining.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a load run does, written by the launcher ({@code ./suite load}) and read by the simulation: where the
 * gateway is, the tokens (one per reader, so that each is its own client for the rate limit), the data the
 * readers ask for, and the two write jobs run under load.
 *
 * @param gateway          the gateway's base URL (loopback)
 * @param steps            reader counts of the staircase that finds the knee, each run for {@code stepSeconds}
 * @param stepSeconds      how long each step, and the greedy-client phase, lasts
 * @param readers          the readers of the two phases with company (the 64)
 * @param paceMillis       each reader sends at most one request per this many milliseconds (a dashboard's pace)
 * @param greedyUsers      connections of the one client that ignores the rate limit, each at the readers' pace
 * @param rateLimit        the gateway's limit per client: requests per second and burst
 * @param jobMinutes       the most the ingest job and the reclassification may take under load
 * @param readerTokens     one bearer token per reader (reader role)
 * @param greedyToken      the greedy client's token (reader role)
 * @param adminToken       the token that starts the ingest job and publishes the study version
 * @param study            the study whose figures the readers read
 * @param site             the site they read
 * @param sets             the study's sets the readers pick from
 * @param questionIds      questions of the site the readers open
 * @param ingestRequest    the body of {@code POST /api/ingest/jobs} of the job run under load
 * @param reclassifyStudy  the study a new version of which is published under load
 * @param reclassifyVersion that version
 * @param reclassifyYaml   its definition, published as YAML
 */
public record LoadPlan(String gateway, List<Integer> steps, int stepSeconds, int readers, int paceMillis,
        int greedyUsers, RateLimit rateLimit, int jobMinutes, List<String> readerTokens, String greedyToken,
        String adminToken, String study, String site, List<String> sets, List<Long> questionIds, String ingestRequest,
        String reclassifyStudy, int reclassifyVersion, String reclassifyYaml) {

    /** The system property that names the plan's file for the simulation, which Gatling creates itself. */
    public static final String PROPERTY = "load.plan";

    private static final ObjectMapper JSON = new ObjectMapper();

    public record RateLimit(double requestsPerSecond, double burst) {
    }

    public LoadPlan {
        int most = steps.stream().mapToInt(Integer::intValue).max().orElse(0);
        if (readerTokens.size() < Math.max(most, readers)) {
            throw new IllegalArgumentException("the plan has " + readerTokens.size() + " reader tokens for up to "
                    + Math.max(most, readers) + " concurrent readers: each reader needs its own");
        }
        if (questionIds.isEmpty() || sets.isEmpty()) {
            throw new IllegalArgumentException("the plan names no question or no set of study " + study + " on site " + site
                    + ": load data first");
        }
    }

    /** The most requests per second the readers of a step can send at their pace. */
    public double offeredRate(int readerCount) {
        return readerCount * 1000.0 / paceMillis;
    }

    public static LoadPlan read(Path file) {
        try {
            return JSON.readValue(file.toFile(), LoadPlan.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the load plan " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the plan readable by this user only: it holds the run's tokens, the admin's among them. */
    public void write(Path file) {
        try {
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load plan " + file + ": " + e.getMessage(), e);
        }
    }
}
