package io.somining.stack;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Writes a {@code Posts.xml} with Stack Overflow's shape, of any size, the same for the same seed:
 * questions in date order from 2008 to 2024, each followed later by its answers (about 1.5 per question), about 60 %
 * of answered questions with an accepted answer, 1 % of owners deleted, HTML bodies with code
 * blocks, five tags at most, and DL framework tags on about 2 % of questions (so a few of them also
 * mention servers, phones or browsers). Answers the counts it wrote, for tests to check against.
 */
public final class SyntheticDump {

    private static final String[] WORDS = ("the a model server deploy data error how to python function value "
            + "list array train loss layer input output android ios browser cloud mobile serving file install "
            + "version import memory gpu batch shape tensor graph session build run test query table column "
            + "string int class object method return null exception thread request response json api").split(" ");
    private static final String[] COMMON_TAGS = ("python javascript java c# php android html jquery css ios sql "
            + "mysql r node.js arrays c++ reactjs json swift django angular pandas excel regex linux").split(" ");
    private static final String[] DL_TAGS = { "tensorflow", "keras", "pytorch", "tensorflow-lite", "tensorflow.js",
            "tf.keras", "caffe", "theano", "tensorflow-serving" };
    /** A question with its answers takes about this much of the file. */
    private static final long BYTES_PER_QUESTION = 2_900;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** What was written: questions per year, and the totals. */
    public record Stats(long bytes, long questions, long answers, long dlQuestions, long acceptedAnswers,
            Map<Integer, Long> questionsPerYear) {
    }

    private SyntheticDump() {
    }

    public static Stats write(Path file, long targetBytes, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<Integer, Long> perYear = new TreeMap<>();
        long questions = 0;
        long answers = 0;
        long dl = 0;
        long accepted = 0;
        long nextId = 1;
        LocalDateTime clock = LocalDateTime.of(2008, 8, 1, 0, 0);
        // spread the questions from August 2008 to the end of 2024, whatever the size
        long span = toSeconds(LocalDateTime.of(2024, 12, 31, 0, 0)) - toSeconds(clock);
        long meanStep = Math.max(1, span / Math.max(1, targetBytes / BYTES_PER_QUESTION));
        List<long[]> pendingAnswers = new ArrayList<>();  // {answerId, questionId, createdAtSecondOffset}
        try (var counting = new CountingOutput(Files.newOutputStream(file));
                Writer out = new BufferedWriter(new OutputStreamWriter(counting, StandardCharsets.UTF_8), 1 << 16)) {
            out.write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n");
            while (counting.count() < targetBytes) {
                clock = clock.plusSeconds(1 + random.nextLong(2 * meanStep));
                long questionId = nextId++;
                int answerCount = random.nextInt(100) < 25 ? 0 : 1 + random.nextInt(3);
                boolean isDl = random.nextInt(100) < 2;
                long acceptedId = 0;
                List<long[]> mine = new ArrayList<>();
                for (int a = 0; a < answerCount; a++) {
                    long answerId = nextId++;
                    mine.add(new long[] { answerId, questionId, 60L + random.nextInt(7 * 24 * 3600) });
                }
                if (answerCount > 0 && random.nextInt(100) < 60) {
                    acceptedId = mine.get(random.nextInt(mine.size()))[0];
                    accepted++;
                }
                writeQuestion(out, random, questionId, clock, isDl, answerCount, acceptedId);
                questions++;
                dl += isDl ? 1 : 0;
                perYear.merge(clock.getYear(), 1L, Long::sum);
                for (long[] answer : mine) {
                    answer[2] = toSeconds(clock) + answer[2];
                    pendingAnswers.add(answer);
                }
                // answers come after their question, once their time has come
                long now = toSeconds(clock);
                var due = pendingAnswers.stream().filter(p -> p[2] <= now).toList();
                for (long[] answer : due) {
                    writeAnswer(out, random, answer);
                    answers++;
                }
                pendingAnswers.removeAll(due);
            }
            for (long[] answer : pendingAnswers) {
                writeAnswer(out, random, answer);
                answers++;
            }
            out.write("</posts>\n");
            out.flush();
            return new Stats(counting.count(), questions, answers, dl, accepted, perYear);
        }
    }

    private static long toSeconds(LocalDateTime time) {
        return time.toEpochSecond(java.time.ZoneOffset.UTC);
    }

    private static void writeQuestion(Writer out, SplittableRandom random, long id, LocalDateTime created,
            boolean dl, int answerCount, long acceptedId) throws IOException {
        List<String> tags = new ArrayList<>();
        if (dl) {
            tags.add(DL_TAGS[random.nextInt(DL_TAGS.length)]);
        }
        int more = 1 + random.nextInt(dl ? 3 : 4);
        for (int i = 0; i < more; i++) {
            String tag = COMMON_TAGS[random.nextInt(COMMON_TAGS.length)];
            if (!tags.contains(tag)) {
                tags.add(tag);
            }
        }
        StringBuilder row = new StringBuilder(2048);
        row.append("  <row Id=\"").append(id).append("\" PostTypeId=\"1\"");
        if (acceptedId > 0) {
            row.append(" AcceptedAnswerId=\"").append(acceptedId).append('"');
        }
        row.append(" CreationDate=\"").append(DATE.format(created)).append('"')
                .append(" Score=\"").append(random.nextInt(50) - 3).append('"')
                .append(" ViewCount=\"").append(random.nextInt(100_000)).append('"')
                .append(" Body=\"").append(escape(body(random))).append('"');
        owner(row, random);
        row.append(" Title=\"").append(escape(sentence(random, 6 + random.nextInt(8)))).append('"')
                .append(" Tags=\"").append(escape("<" + String.join("><", tags) + ">")).append('"')
                .append(" AnswerCount=\"").append(answerCount).append('"')
                .append(" CommentCount=\"").append(random.nextInt(5)).append("\" />\n");
        out.write(row.toString());
    }

    private static void writeAnswer(Writer out, SplittableRandom random, long[] answer) throws IOException {
        LocalDateTime created = LocalDateTime.ofEpochSecond(answer[2], 0, java.time.ZoneOffset.UTC);
        StringBuilder row = new StringBuilder(1024);
        row.append("  <row Id=\"").append(answer[0]).append("\" PostTypeId=\"2\" ParentId=\"").append(answer[1])
                .append("\" CreationDate=\"").append(DATE.format(created)).append('"')
                .append(" Score=\"").append(random.nextInt(30)).append('"')
                .append(" Body=\"").append(escape(body(random))).append('"');
        owner(row, random);
        row.append(" CommentCount=\"").append(random.nextInt(3)).append("\" />\n");
        out.write(row.toString());
    }

    private static void owner(StringBuilder row, SplittableRandom random) {
        if (random.nextInt(100) == 0) {
            row.append(" OwnerDisplayName=\"user").append(random.nextInt(1_000_000)).append('"');
        } else {
            row.append(" OwnerUserId=\"").append(1 + random.nextInt(5_000_000)).append('"');
        }
    }

    private static String body(SplittableRandom random) {
        StringBuilder body = new StringBuilder(1600);
        int paragraphs = 1 + random.nextInt(4);
        for (int p = 0; p < paragraphs; p++) {
            body.append("<p>").append(sentence(random, 15 + random.nextInt(40))).append("</p>\n\n");
            if (random.nextInt(100) < 45) {
                body.append("<pre><code>");
                int lines = 2 + random.nextInt(12);
                for (int l = 0; l < lines; l++) {
                    body.append(WORDS[random.nextInt(WORDS.length)]).append(" = ")
                            .append(WORDS[random.nextInt(WORDS.length)]).append("(x &lt; ").append(random.nextInt(100))
                            .append(")\n");
                }
                body.append("</code></pre>\n\n");
            }
        }
        return body.toString();
    }

    private static String sentence(SplittableRandom random, int words) {
        StringBuilder sentence = new StringBuilder(words * 7);
        for (int w = 0; w < words; w++) {
            if (w > 0) {
                sentence.append(' ');
            }
            sentence.append(WORDS[random.nextInt(WORDS.length)]);
        }
        return sentence.append('?').toString();
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 64);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\n' -> escaped.append("&#xA;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** Counts bytes written. */
    private static final class CountingOutput extends java.io.FilterOutputStream {
        private long count;

        CountingOutput(java.io.OutputStream out) {
            super(new java.io.BufferedOutputStream(out, 1 << 16));
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        long count() {
            return count;
        }
    }
}
