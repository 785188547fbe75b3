package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.somining.contracts.Roles;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code ./suite rebuild metrics|classifier}: the recovery procedure of docs/operations.md on the local stack. Reads
 * each site's reconciliation once the pipeline has settled, rebuilds the service's projection from the topics
 * ({@link LocalStack#rebuild}), prints its progress (the consumer lag of its groups, the sites the metrics are
 * counting from scratch) until it has caught up, and compares every site's figures with those before.
 */
final class ProjectionRebuild {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    private final LocalStack stack;
    private final PrintStream out;

    ProjectionRebuild(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Answers whether every site's figures after the rebuild equal those before. */
    boolean run(String service, Duration timeout) {
        LocalStack.requireProjection(service);
        SampleRun client = new SampleRun(stack.settings().gatewayUrl(),
                stack.issueToken("suite-rebuild", List.of(Roles.ADMIN), timeout.plusHours(1)), out);
        List<String> sites = sites(client);
        List<String> studies = new ArrayList<>();
        client.get("/api/classifier/studies").forEach(study -> studies.add(study.get("id").asText()));
        out.println("Figures before, once nothing is in flight (" + sites.size() + " site(s), studies " + studies + "):");
        Map<String, JsonNode> before = figures(client, sites, studies, out);
        Instant started = Instant.now();
        out.println("Rebuilding the " + service + " service's projection from the topics:");
        stack.rebuild(service);
        awaitCaughtUp(client, service, started, timeout);
        out.println("Figures after:");
        Map<String, JsonNode> after = figures(client, sites, studies, out);
        boolean same = true;
        for (String site : sites) {
            boolean equal = before.get(site).equals(after.get(site));
            same &= equal;
            out.printf("  %-28s %s%n", site, equal ? "the same figures as before" : "DIFFERENT: before " + before.get(site)
                    + ", after " + after.get(site));
        }
        out.printf("Rebuilt in %.1f s; %s.%n", Duration.between(started, Instant.now()).toMillis() / 1000.0,
                same ? "every site's figures equal those before" : "some figures differ");
        return same;
    }

    /** Every site a dump was ingested for. */
    static List<String> sites(SampleRun client) {
        TreeSet<String> sites = new TreeSet<>();
        client.get("/api/ingest/dumps").forEach(dump -> sites.add(dump.get("site").asText()));
        return List.copyOf(sites);
    }

    /**
     * Per site, once settled (printed): the reconciliation (what ingest stored, the classifier classified and the
     * metrics counted) and, per study, the metrics' set sizes (reviewed members included) and every set's trend and
     * difficulty.
     */
    static Map<String, JsonNode> figures(SampleRun client, List<String> sites, List<String> studies, PrintStream out) {
        Map<String, JsonNode> figures = new LinkedHashMap<>();
        for (String site : sites) {
            JsonNode consistency = client.awaitSettledConsistency(site, Duration.ofMinutes(30));
            client.printConsistency(consistency);
            if (!consistency.get("settled").asBoolean()) {
                throw new StackException(site + " did not settle within 30 minutes (" + consistency.get("inFlight")
                        + "): figures in flight compare to nothing");
            }
            var kept = (com.fasterxml.jackson.databind.node.ObjectNode) consistency.deepCopy();
            // what is in flight, and when, is no figure
            kept.remove(List.of("inFlight", "settled", "checkedAt"));
            for (String study : studies) {
                String base = "/api/metrics/studies/" + study;
                JsonNode sets = client.getOrNull(base + "/sets?site=" + site);
                kept.set(study, sets == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : sets);
                if (sets != null) {
                    for (var set = sets.get("sets").fieldNames(); set.hasNext(); ) {
                        String id = set.next();
                        kept.set(study + "/" + id + "/trend", client.getOrNull(base + "/sets/" + id + "/trend?site=" + site));
                        kept.set(study + "/" + id + "/difficulty",
                                client.getOrNull(base + "/sets/" + id + "/difficulty?site=" + site));
                    }
                }
            }
            figures.put(site, kept);
        }
        return figures;
    }

    /** Prints the lag of the service's groups every few seconds until it is 0 and no site waits for its count. */
    private void awaitCaughtUp(SampleRun client, String service, Instant started, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Long previousLag = null;
        while (System.nanoTime() < deadline) {
            Waits.sleep(PROGRESS_EVERY.toMillis());
            JsonNode lag;
            try {
                lag = client.get("/api/metrics/pipeline/lag");
            } catch (StackException e) {
                out.println("  (the lag cannot be read yet: " + e.getMessage() + ")");
                continue;
            }
            long total = 0;
            List<String> groups = new ArrayList<>();
            List<String> serviceGroups = LocalStack.consumerGroups(service);
            for (JsonNode group : lag.get("groups")) {
                if (serviceGroups.contains(group.get("group").asText())) {
                    total += group.get("lag").asLong();
                    groups.add(group.get("group").asText() + " " + group.get("lagPerTopic"));
                }
            }
            List<String> aggregating = new ArrayList<>();
            lag.get("aggregating").forEach(site -> aggregating.add(site.asText()));
            String rate = previousLag == null ? "" : String.format(" (%.0f events/s)",
                    (previousLag - total) / (double) PROGRESS_EVERY.toSeconds());
            out.printf("  %5.0f s: lag %,d%s %s%s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0, total,
                    rate, groups, aggregating.isEmpty() ? "" : "; counting from scratch: " + aggregating);
            if (groups.size() == serviceGroups.size() && total == 0 && aggregating.isEmpty()) {
                return;
            }
            previousLag = total;
        }
        throw new StackException("the " + service + " service did not catch up within " + timeout.toMinutes() + " minutes");
    }
}
