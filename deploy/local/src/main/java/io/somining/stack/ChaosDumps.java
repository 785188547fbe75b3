package io.somining.stack;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chaos run's input: a generated dump of one site and a newer snapshot of it in which some questions (with their
 * answers) are gone, some titles changed and some questions gained a deep-learning tag, with what each snapshot holds
 * counted here, from the files, independently of the suite.
 *
 * @param older the first snapshot's folder under the data directory
 * @param newer the newer snapshot's folder
 */
record ChaosDumps(String older, String newer, Expected expected) {

    static final String SITE = "chaos.example";
    static final String OLDER_DATE = "2024-01";
    static final String NEWER_DATE = "2024-06";
    /** Appended to a title the newer snapshot changed. */
    static final String EDITED = " (edited in the newer snapshot)";
    private static final Pattern ID = Pattern.compile(" Id=\"(\\d+)\"");
    private static final Pattern PARENT = Pattern.compile(" ParentId=\"(\\d+)\"");
    private static final Pattern TITLE_END = Pattern.compile("( Title=\"[^\"]*)\"");
    private static final Pattern TAGS = Pattern.compile(" Tags=\"");

    /**
     * What the site must hold after both snapshots: the newer one's posts live, the older one's others deleted.
     *
     * @param posts      rows of the older snapshot (each must be stored exactly once)
     * @param questions  questions of the newer snapshot
     * @param answers    answers of the newer snapshot
     * @param deletedQuestions questions of the older snapshot the newer one no longer holds
     * @param deletedAnswers   answers likewise (those of deleted questions)
     * @param editedTitles     questions whose title the newer snapshot changed
     * @param retagged         questions the newer snapshot gave a deep-learning tag
     * @param tensorflowTagged questions of the newer snapshot tagged {@code tensorflow} (retagged or not)
     */
    record Expected(long posts, long questions, long answers, long deletedQuestions, long deletedAnswers,
            long editedTitles, long retagged, long tensorflowTagged) {
    }

    /** Writes both snapshots under {@code generated/} (once per size and seed; they are read again afterwards). */
    static ChaosDumps prepare(Path dataDir, long megabytes, long seed) throws IOException {
        String stem = "generated/chaos-" + megabytes + "mb-seed" + seed;
        String older = stem + "/" + SITE + "_" + OLDER_DATE;
        String newer = stem + "/" + SITE + "_" + NEWER_DATE;
        Path olderPosts = dataDir.resolve(older).resolve("Posts.xml");
        Path newerPosts = dataDir.resolve(newer).resolve("Posts.xml");
        if (!Files.exists(olderPosts)) {
            // written aside, then moved: an interrupted generation leaves no truncated dump to be read next time
            Path partial = olderPosts.resolveSibling("Posts.xml.partial");
            SyntheticDump.write(partial, megabytes << 20, seed);
            Files.move(partial, olderPosts, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(newerPosts.getParent());
        return new ChaosDumps(older, newer, writeNewer(olderPosts, newerPosts, new SplittableRandom(seed ^ 0x5EED)));
    }

    /**
     * The newer snapshot, row by row (the generator writes one row per line, answers after their question): 3 % of
     * the questions dropped with their answers, 5 % retitled, half of those also tagged {@code tensorflow}.
     */
    private static Expected writeNewer(Path olderPosts, Path newerPosts, SplittableRandom random) throws IOException {
        long posts = 0;
        long questions = 0;
        long answers = 0;
        long deletedQuestions = 0;
        long deletedAnswers = 0;
        long edited = 0;
        long retagged = 0;
        long tensorflow = 0;
        Set<Long> dropped = new HashSet<>();
        Path partial = newerPosts.resolveSibling("Posts.xml.partial");
        try (BufferedReader in = Files.newBufferedReader(olderPosts, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("  <row ")) {
                    out.write(line);
                    out.newLine();
                    continue;
                }
                posts++;
                Matcher parent = PARENT.matcher(line);
                if (parent.find()) {
                    if (dropped.contains(Long.parseLong(parent.group(1)))) {
                        deletedAnswers++;
                        continue;
                    }
                    answers++;
                    out.write(line);
                    out.newLine();
                    continue;
                }
                Matcher id = ID.matcher(line);
                if (!id.find()) {
                    throw new IOException("a row without an Id in " + olderPosts + ": " + line);
                }
                int dice = random.nextInt(100);
                if (dice < 3) {
                    dropped.add(Long.parseLong(id.group(1)));
                    deletedQuestions++;
                    continue;
                }
                if (dice < 8) {
                    line = TITLE_END.matcher(line).replaceFirst("$1" + Matcher.quoteReplacement(EDITED) + "\"");
                    edited++;
                    if (dice < 5 && !line.contains("&lt;tensorflow&gt;")) {
                        line = TAGS.matcher(line).replaceFirst(" Tags=\"&lt;tensorflow&gt;");
                        retagged++;
                    }
                }
                questions++;
                tensorflow += line.contains("&lt;tensorflow&gt;") ? 1 : 0;
                out.write(line);
                out.newLine();
            }
        }
        Files.move(partial, newerPosts, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new Expected(posts, questions, answers, deletedQuestions, deletedAnswers, edited, retagged, tensorflow);
    }
}
