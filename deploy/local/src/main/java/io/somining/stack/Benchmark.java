package io.somining.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./suite benchmark MEGABYTES}: against the running stack, ingests a generated dump of that
 * size (after a warm-up: a 512 MB dump stored and consumed, the dump and its .7z read once, not counted),
 * first only reading it (parse), then from its {@code .7z} packing, then with the consumers stopped:
 * stored under one site with the ingest service's publishing paused (parse + store: the job's own time,
 * its events written to the outbox), the relay then publishing what waited, and stored again under a
 * second site while the relay publishes (parse + store + publish: until the outbox is empty). Then the
 * classifier and then the metrics catch up alone on both sites' events, and a third site is ingested with
 * everything running (end to end: from the job's start until the metrics counted its last question).
 * Prints MB/s and rows/s from the jobs' own start and end times, the peak heaps sampled from the services'
 * metrics, and each site's reconciliation.
 */
final class Benchmark {

    private final LocalStack stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();

    Benchmark(LocalStack stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    void run(long megabytes) throws IOException {
        requireWholeStack();
        StackSettings settings = stack.settings();
        String folder = "generated/bench-" + megabytes + "mb_2024-01";
        Path posts = generated(folder, megabytes);
        double mb = Files.size(posts) / 1048576.0;
        long epoch = Instant.now().getEpochSecond();
        String site = "bench" + epoch + ".example";
        SampleRun client = new SampleRun(settings.gatewayUrl(),
                stack.issueToken("benchmark", List.of("admin"), Duration.ofHours(2)), out);
        String warmupFolder = "generated/bench-" + WARMUP_MEGABYTES + "mb_2024-01";
        double warmupMb = Files.size(generated(warmupFolder, WARMUP_MEGABYTES)) / 1048576.0;

        out.printf("%nDump %s: %.1f MB; ingest service heap limit %s%n", posts, mb, "512 MB");
        out.printf("%-32s %10s %10s %12s %14s%n", "mode", "seconds", "MB/s", "rows/s", "peak heap MB");
        // a just-started stack runs its first jobs with cold code and caches, which a long load soon
        // leaves behind: a small dump stored (its events consumed) and the dump read once, not counted
        String warmupSite = "warmup" + epoch + ".example";
        JsonNode warmup = measured(client, jobRequest(warmupFolder, warmupSite, false));
        print("warm-up: store " + WARMUP_MEGABYTES + " MB", warmup, warmupMb);
        long warmupQuestions = warmup.get("questions").asLong();
        awaitOutboxDrained(client);
        awaitClassified(List.of(warmupSite), warmupQuestions);
        if (!awaitCounted(client, warmupSite, warmupQuestions)) {
            out.println("the metrics did not count the warm-up's questions within an hour");
            return;
        }
        String packedFolder = "generated/bench-" + megabytes + "mb-7z_2024-01";
        Path packed = settings.dumpsDir().resolve(packedFolder).resolve("stackoverflow.com-Posts.7z");
        if (!Files.exists(packed)) {
            out.printf("Packing it as %s (LZMA2) ...%n", packed);
            sevenZip(posts, packed);
        }
        // each file read once before it is measured, so that both parse figures measure decoding and
        // parsing from the page cache rather than this machine's disk
        String parseRequest = jobRequest(folder, site, true);
        String parse7zRequest = jobRequest(packedFolder, site, true);
        print("warm-up: parse", measured(client, parseRequest), mb);
        print("warm-up: parse .7z", measured(client, parse7zRequest), mb);
        JsonNode parse = measured(client, parseRequest);
        print("parse", parse, mb);
        JsonNode parse7z = measured(client, parse7zRequest);
        print("parse (.7z, MB of XML)", parse7z, mb);
        // the ingest service measured with the machine to itself: the consumers would share its two cores
        out.println("(classifier and metrics stopped while the ingest service stores and publishes)");
        for (String consumer : CONSUMERS) {
            stack.stop(consumer);
        }
        // storing alone: publishing paused, the events wait in the outbox, then the relay publishes them
        String storedSite = "stored" + epoch + ".example";
        client.pauseOutbox("ingest", "./suite benchmark: parse + store measured alone");
        // an interrupted benchmark must not leave the stack's publishing paused
        Thread resume = new Thread(() -> client.resumeOutbox("ingest"), "resume-outbox");
        Runtime.getRuntime().addShutdownHook(resume);
        JsonNode stored;
        try {
            stored = measured(client, jobRequest(folder, storedSite, false));
        } finally {
            client.resumeOutbox("ingest");
            Runtime.getRuntime().removeShutdownHook(resume);
        }
        print("parse + store", stored, mb);
        long waiting = client.outbox("ingest").get("pendingEvents").asLong();
        Instant resumed = Instant.now();
        awaitOutboxDrained(client);
        double drainSeconds = Duration.between(resumed, Instant.now()).toMillis() / 1000.0;
        out.printf("%-32s %10.1f %10s %12.0f %14s%n", "publish what waited (events/s)", drainSeconds, "-", waiting / drainSeconds,
                "-");
        // the whole pipeline: the same dump under another site, published while it is stored
        Map<String, Duration> cpuBefore = cpuTimes();
        Instant before = Instant.now();
        JsonNode full = measured(client, jobRequest(folder, site, false));
        awaitOutboxDrained(client);
        double publishSeconds = Duration.between(before, Instant.now()).toMillis() / 1000.0;
        out.printf("%-32s %10.1f %10.1f %12.0f %14d%n", "parse + store + publish", publishSeconds,
                mb / publishSeconds, full.get("rowsRead").asLong() / publishSeconds, full.get("peakHeapBytes").asLong() >> 20);
        printCpu("storing and publishing", cpuBefore, cpuTimes(), publishSeconds);
        // both sites' events wait for the consumers: each catches up alone, so that it has the machine to itself
        long questions = full.get("questions").asLong() + stored.get("questions").asLong();
        out.println("(each consumer started alone on the backlog of both sites' events; rows/s counts questions from the"
                + " moment it is ready, seconds from its JVM's start)");
        List<String> sites = List.of(storedSite, site);
        try (HeapPeaks heap = new HeapPeaks(List.of("classifier"))) {
            Instant started = Instant.now();
            stack.startService("classifier");
            Instant ready = Instant.now();
            long atReady = classified(sites);
            awaitClassified(sites, questions);
            catchUp("classifier catching up", started, ready, 2 * mb, questions - atReady, heap.peakMb("classifier"));
        }
        try (HeapPeaks heap = new HeapPeaks(List.of("metrics"))) {
            Instant started = Instant.now();
            stack.startService("metrics");
            Instant ready = Instant.now();
            long atReady = counted(client, storedSite) + counted(client, site);
            if (!awaitCounted(client, storedSite, stored.get("questions").asLong())
                    || !awaitCounted(client, site, full.get("questions").asLong())) {
                out.println("the metrics did not count every question within an hour");
                return;
            }
            catchUp("metrics catching up", started, ready, 2 * mb, questions - atReady, heap.peakMb("metrics"));
        }
        // as users run it: everything at once, from the job's start until the metrics counted its last question
        String pipelineSite = "pipeline" + epoch + ".example";
        PipelineRun run = endToEnd(client, folder, pipelineSite);
        if (run == null) {
            return;
        }
        double seconds = run.secondsTo(run.counted());
        out.printf("%-32s %10.1f %10.1f %12.0f %14d%n", "end to end", seconds, mb / seconds, run.rows() / seconds,
                run.peakHeapMb().get("ingest"));
        out.printf("(end to end: the job stored in %.1f s; peak heap MB %s)%n", run.secondsTo(run.stored()), run.peakHeapMb());
        printCpu("end to end", run.cpuBefore(), run.cpuAfter(), seconds);
        out.println("\nReconciliation per site of this run: what ingest stored, the metrics counted; any difference between"
                + " the three services listed below its site; the time the reconciliation took to answer:");
        for (String benchmarked : List.of(storedSite, site, pipelineSite)) {
            printConsistency(client, benchmarked);
        }
        latency(client, site);
        if (client.metricsSets("stackoverflow.com") != null) {
            latency(client, "stackoverflow.com");
        }
    }

    /** A component stopped by hand would leave a run waiting an hour for consumers that never count. */
    private void requireWholeStack() {
        List<String> stopped = stack.stopped();
        if (!stopped.isEmpty()) {
            throw new StackException("the benchmark needs the whole stack, and " + String.join(", ", stopped)
                    + (stopped.size() == 1 ? " is" : " are") + " not running: ./suite down && ./suite up --no-samples");
        }
    }

    /**
     * {@code ./suite benchmark-pipeline MEGABYTES}: the pipeline as users run it at scale, nothing measured apart:
     * a generated dump of that size ingested under a new site with everything running, timed from the job's start
     * until it stored the dump, the classifier classified and the metrics counted its last question; each JVM's
     * peak heap, the CPU each component used, the disk PostgreSQL and Kafka use afterwards, and the reconciliation.
     */
    void runPipeline(long megabytes) throws IOException {
        requireWholeStack();
        String folder = "generated/pipeline-" + megabytes + "mb_2024-01";
        Path posts = generated(folder, megabytes);
        double mb = Files.size(posts) / 1048576.0;
        String site = "pipeline" + Instant.now().getEpochSecond() + ".example";
        SampleRun client = new SampleRun(stack.settings().gatewayUrl(),
                stack.issueToken("benchmark", List.of("admin"), Duration.ofHours(12)), out);
        out.printf("%nDump %s: %.1f MB, ingested under %s with everything running%n", posts, mb, site);
        PipelineRun run = endToEnd(client, folder, site);
        if (run == null) {
            return;
        }
        out.printf("%-32s %10s %10s %12s%n", "stage, from the job's start", "seconds", "MB/s", "rows/s");
        for (var stage : List.of(Map.entry("stored by the ingest service", run.stored()),
                Map.entry("classified", run.classified()), Map.entry("counted (end to end)", run.counted()))) {
            double seconds = run.secondsTo(stage.getValue());
            out.printf("%-32s %10.1f %10.1f %12.0f%n", stage.getKey(), seconds, mb / seconds, run.rows() / seconds);
        }
        out.printf("(%d questions, %d rows; peak heap MB %s, sampled every 200 ms; the classifier's and metrics'"
                + " completion polled every 0.25-0.5 s)%n", run.questions(), run.rows(), run.peakHeapMb());
        printCpu("end to end", run.cpuBefore(), run.cpuAfter(), run.secondsTo(run.counted()));
        out.printf("(disk afterwards: PostgreSQL %.1f GB, Kafka %.1f GB, for every site the stack holds)%n",
                folderSize(stack.settings().dataDir().resolve("postgres")) / 1e9,
                folderSize(stack.settings().dataDir().resolve("kafka")) / 1e9);
        printConsistency(client, site);
    }

    /**
     * One job with everything running: when it started and stored, when the classifier classified and the metrics
     * counted its last question, each JVM's peak heap and each component's CPU time before and after; null (said)
     * when the metrics did not count every question within an hour.
     */
    private PipelineRun endToEnd(SampleRun client, String folder, String site) {
        Map<String, Duration> cpuBefore = cpuTimes();
        try (HeapPeaks heap = new HeapPeaks(List.of("ingest", "classifier", "metrics"))) {
            JsonNode job = client.awaitJob(client.startJob(jobRequest(folder, site, false)), Duration.ofHours(12));
            long questions = job.get("questions").asLong();
            awaitClassified(List.of(site), questions);
            Instant classified = Instant.now();
            if (!awaitCounted(client, site, questions)) {
                out.println("the metrics did not count every question of " + site + " within an hour");
                return null;
            }
            Instant counted = Instant.now();
            Map<String, Long> peaks = new LinkedHashMap<>();
            List.of("ingest", "classifier", "metrics").forEach(service -> peaks.put(service, heap.peakMb(service)));
            return new PipelineRun(Instant.parse(job.get("startedAt").asText()), Instant.parse(job.get("finishedAt").asText()),
                    classified, counted, questions, job.get("rowsRead").asLong(), peaks, cpuBefore, cpuTimes());
        }
    }

    private record PipelineRun(Instant started, Instant stored, Instant classified, Instant counted, long questions,
            long rows, Map<String, Long> peakHeapMb, Map<String, Duration> cpuBefore, Map<String, Duration> cpuAfter) {

        double secondsTo(Instant moment) {
            return Duration.between(started, moment).toMillis() / 1000.0;
        }
    }

    /**
     * The disk a folder takes, as {@code du} counts it: Kafka preallocates its index files sparse, so their
     * apparent sizes (1.4 GB on an almost empty broker) say nothing of the disk used.
     */
    private static long folderSize(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        Process du = new ProcessBuilder("du", "-sk", folder.toString()).redirectErrorStream(true).start();
        String output = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        try {
            if (du.waitFor() == 0) {
                return Long.parseLong(output.split("\\s+")[0]) * 1024;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IOException("cannot measure " + folder + " with du: " + output);
    }

    /** A site's reconciliation, timed: right after a load it has answered slower than the client waits; tried three times. */
    private void printConsistency(SampleRun client, String site) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long started = System.nanoTime();
            try {
                client.printConsistency(client.awaitSettledConsistency(site, Duration.ofMinutes(5)));
                out.printf("    (answered in %.1f s)%n", (System.nanoTime() - started) / 1e9);
                return;
            } catch (StackException e) {
                out.printf("  %s: attempt %d failed after %.1f s: %s%n", site, attempt, (System.nanoTime() - started) / 1e9,
                        e.getMessage());
            }
        }
    }

    private Map<String, Duration> cpuTimes() {
        Map<String, Duration> times = new LinkedHashMap<>();
        for (String component : LocalStack.COMPONENTS) {
            times.put(component, stack.cpuTime(component));
        }
        return times;
    }

    /** Where the CPU went while storing and publishing: the machine's cores are what bounds the pipeline. */
    private void printCpu(String what, Map<String, Duration> before, Map<String, Duration> after, double seconds) {
        StringBuilder line = new StringBuilder("(CPU-s " + what + ":");
        double total = 0;
        for (String component : after.keySet()) {
            double used = after.get(component).minus(before.get(component)).toMillis() / 1000.0;
            total += used;
            if (used >= 0.05) {
                line.append(String.format(" %s %.1f,", component, used));
            }
        }
        out.println(line.append(String.format(" in all %.1f, %.2f cores on average over %.1f s)", total,
                total / seconds, seconds)));
    }

    /** The body of {@code POST /jobs} for a dump folder of the data directory, stored under this site or only read. */
    private static String jobRequest(String folder, String site, boolean validateOnly) {
        return "{\"path\":\"" + folder + "\",\"site\":\"" + site + "\",\"validateOnly\":" + validateOnly + "}";
    }

    private Path generated(String folder, long megabytes) throws IOException {
        Path posts = stack.settings().dumpsDir().resolve(folder).resolve("Posts.xml");
        if (!Files.exists(posts)) {
            out.printf("Generating %d MB into %s ...%n", megabytes, posts);
            SyntheticDump.write(posts, megabytes << 20, 1);
        }
        return posts;
    }

    /** The questions of a site the metrics count now (set A). */
    private static long counted(SampleRun client, String site) {
        JsonNode sets = client.metricsSets(site);
        return sets == null ? 0 : sets.get("sets").path("A").asLong();
    }

    /** Whether the metrics service counted all of the site's questions (set A) within an hour. */
    private static boolean awaitCounted(SampleRun client, String site, long questions) {
        long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (counted(client, site) == questions) {
                return true;
            }
            Waits.sleep(500);
        }
        return false;
    }

    static final int CALLS = 30;
    private static final long CALL_SPACING_MILLIS = 25;
    /*
     * The JIT of a just-started ingest service was still busy through the first GB stored after a 100 MB
     * warm-up (C2 threads 5.6-6.3 CPU-s during it, 1.2-2.0 in the next), which that GB then measured.
     */
    private static final long WARMUP_MEGABYTES = 512;
    private static final List<String> CONSUMERS = List.of("classifier", "metrics");

    /** One 7z archive holding Posts.xml, as Stack Overflow ships its Posts table (LZMA2; a fast preset, as packing is not measured). */
    private static void sevenZip(Path posts, Path archive) throws IOException {
        Files.createDirectories(archive.getParent());
        Path partial = archive.resolveSibling(archive.getFileName() + ".partial");
        try (var out = new org.apache.commons.compress.archivers.sevenz.SevenZOutputFile(partial.toFile())) {
            out.setContentMethods(List.of(new org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration(
                    org.apache.commons.compress.archivers.sevenz.SevenZMethod.LZMA2, new org.tukaani.xz.LZMA2Options(1))));
            var entry = out.createArchiveEntry(posts.toFile(), "Posts.xml");
            out.putArchiveEntry(entry);
            try (var in = Files.newInputStream(posts)) {
                byte[] buffer = new byte[1 << 16];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
            out.closeArchiveEntry();
        }
        Files.move(partial, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Median and 95th percentile of the metrics endpoints' response times through the gateway, for one site. */
    private void latency(SampleRun client, String site) {
        JsonNode sets = client.metricsSets(site).get("sets");
        out.printf("%nMetrics latency through the gateway, site %s (sets %s), %d calls each after one warm-up:%n",
                site, sets, CALLS);
        latency(client, out, SampleRun.STUDY, site, List.of("/sets/B/trend", "/sets/B/difficulty", "/compare?a=C,D,E&b=N",
                "/sets/B/survival?curve=false"));
    }

    /** Times each path (under a study's metrics, for one site or, with "", all) through the gateway, and prints median and p95. */
    static void latency(SampleRun client, PrintStream out, String study, String site, List<String> paths) {
        String base = "/api/metrics/studies/" + study;
        out.printf("  %-60s %10s %10s%n", "endpoint", "median ms", "p95 ms");
        for (String path : paths) {
            String url = site.isEmpty() ? base + path : base + path + (path.contains("?") ? "&" : "?") + "site=" + site;
            client.get(url);
            double[] millis = new double[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long started = System.nanoTime();
                client.get(url);
                millis[i] = (System.nanoTime() - started) / 1e6;
                // paced below the gateway's rate limit (50 a second), which would otherwise answer 429
                Waits.sleep(Math.max(0, CALL_SPACING_MILLIS - (long) millis[i]));
            }
            java.util.Arrays.sort(millis);
            out.printf("  %-60s %10.1f %10.1f%n", path, millis[CALLS / 2], millis[(int) Math.ceil(CALLS * 0.95) - 1]);
        }
    }

    private static final String CLASSIFIED =
            "SELECT count(*) FROM classification WHERE study_id = 'fse2020' AND site = ANY (?)";

    /** The questions of these sites the classifier stored a result for under the shipped study. */
    private long classified(List<String> sites) {
        try (java.sql.Connection connection = stack.superuser("classifier");
                java.sql.PreparedStatement stored = connection.prepareStatement(CLASSIFIED)) {
            stored.setArray(1, connection.createArrayOf("text", sites.toArray()));
            try (java.sql.ResultSet result = stored.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the classifier's tables: " + e.getMessage(), e);
        }
    }

    /**
     * Classified means the classifier stored a result for every question of the sites under the
     * shipped study and its outbox is empty. The rows/s column of this line counts questions.
     */
    private void awaitClassified(List<String> sites, long questions) {
        try (java.sql.Connection connection = stack.superuser("classifier");
                java.sql.PreparedStatement stored = connection.prepareStatement(
                        "SELECT (" + CLASSIFIED + "), EXISTS (SELECT 1 FROM outbox_event)")) {
            stored.setArray(1, connection.createArrayOf("text", sites.toArray()));
            long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
            while (System.nanoTime() < deadline) {
                try (java.sql.ResultSet result = stored.executeQuery()) {
                    result.next();
                    if (result.getLong(1) >= questions && !result.getBoolean(2)) {
                        return;
                    }
                }
                // each count reads every classification of the sites: polled often, it took 10 % of what it timed
                Waits.sleep(250);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the classifier's tables: " + e.getMessage(), e);
        }
    }

    /** Published means the ingest service's outbox is empty: the broker acknowledged every event. */
    private static void awaitOutboxDrained(SampleRun client) {
        while (client.outbox("ingest").get("pendingRows").asLong() > 0) {
            Waits.sleep(100);
        }
    }

    private JsonNode measured(SampleRun client, String request) {
        try (HeapPeaks heap = new HeapPeaks(List.of("ingest"))) {
            JsonNode job = client.awaitJob(client.startJob(request), Duration.ofHours(3));
            ((com.fasterxml.jackson.databind.node.ObjectNode) job).put("peakHeapBytes", heap.peakMb("ingest") << 20);
            return job;
        }
    }

    /** A consumer's catch-up: seconds from its JVM's start; MB/s over that time; questions/s from its readiness on. */
    private void catchUp(String mode, Instant started, Instant ready, double mb, long questionsAfterReady, long peakHeapMb) {
        Instant now = Instant.now();
        double seconds = Duration.between(started, now).toMillis() / 1000.0;
        double sinceReady = Duration.between(ready, now).toMillis() / 1000.0;
        out.printf("%-32s %10.1f %10.1f %12.0f %14d%n", mode, seconds, mb / seconds, questionsAfterReady / sinceReady,
                peakHeapMb);
    }

    /** The peak heap in use of some services while it is open, sampled every 200 ms from their metrics. */
    private final class HeapPeaks implements AutoCloseable {
        private final Map<String, AtomicLong> peaks = new LinkedHashMap<>();
        private final Thread sampler;

        HeapPeaks(List<String> services) {
            services.forEach(service -> peaks.put(service, new AtomicLong()));
            sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peaks.forEach((service, peak) -> peak.accumulateAndGet(heapUsed(service), Math::max));
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        long peakMb(String service) {
            return peaks.get(service).get() >> 20;
        }

        @Override
        public void close() {
            sampler.interrupt();
        }
    }

    private void print(String mode, JsonNode job, double mb) {
        double seconds = Duration.between(Instant.parse(job.get("startedAt").asText()),
                Instant.parse(job.get("finishedAt").asText())).toMillis() / 1000.0;
        out.printf("%-32s %10.1f %10.1f %12.0f %14d%n", mode, seconds, mb / seconds,
                job.get("rowsRead").asLong() / seconds, job.get("peakHeapBytes").asLong() >> 20);
    }

    /** A service's heap in use now, from its Prometheus metrics (0 while it does not answer). */
    private long heapUsed(String service) {
        try {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create(stack.settings().serviceUrl(service) + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long used = 0;
            for (String line : metrics.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    used += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return used;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
