package io.somining.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.somining.ingest.parse.PostRow;
import io.somining.ingest.parse.PostsXmlReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The content hash must stay what posts were stored with, or every post of the next dump counts as changed. */
class ContentHashTest {

    @Test
    void shouldHashEveryPostOfTheShippedDumpsAsPostsWereStoredBefore() throws Exception {
        // given: every row of four real dumps
        List<PostRow> rows = new ArrayList<>();
        for (String dump : List.of("ai.stackexchange.com_2017-03", "genai.stackexchange.com_2023-12_postsonly",
                "datascience.meta.stackexchange.com_2024-01_pipe-tags_postsonly", "stackoverflow.com_2008-head-sample")) {
            try (var reader = new PostsXmlReader("Posts.xml", Files.newInputStream(Path.of("../data/samples", dump, "Posts.xml")))) {
                for (PostRow row = reader.next(); row != null; row = reader.next()) {
                    rows.add(row);
                }
            }
        }
        ContentHash hash = new ContentHash();

        // when / then
        assertThat(rows).hasSizeGreaterThan(3_000);
        for (PostRow row : rows) {
            assertThat(hash.of(row)).as("post " + row.id()).isEqualTo(reference(row));
        }
    }

    @Test
    void shouldHashInstantsNumbersAndOddTextsAsTheirTextWouldBeHashed() throws Exception {
        // given: instants over the whole range (and its edges), every precision, extreme numbers, unusual text
        Random random = new Random(42);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(0, 1),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("2024-02-29T12:00:00.100Z"), Instant.parse("2008-07-31T21:42:52.667Z"), Instant.MIN, Instant.MAX));
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(-100_000_000_000L, 300_000_000_000L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        ContentHash hash = new ContentHash();

        // when / then
        for (Instant instant : instants) {
            PostRow row = new PostRow(1, PostRow.QUESTION, Long.MIN_VALUE, -5L, instant, Long.MAX_VALUE, "n\u00e9e \uD83D",
                    null, "<p>\uD83D\uDE00 body</p>", List.of("c++", "\u00e9t\u00e9"), 1, 2, Integer.MIN_VALUE, instant, 1);
            assertThat(hash.of(row)).as(instant.toString()).isEqualTo(reference(row));
        }
    }

    /** The content hash as posts were stored with it since the first release: each field's text, SHA-256. */
    private static long reference(PostRow row) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (Object field : new Object[] { row.postTypeId(), row.parentId(), row.acceptedAnswerId(),
                row.creationDate(), row.ownerUserId(), row.ownerDisplayName(), row.title(), row.body(),
                String.join("|", row.tags()), row.answerCount(), row.closedDate() }) {
            digest.update(Objects.toString(field, "\u0000").getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0x1F);
        }
        byte[] hash = digest.digest();
        long value = 0;
        for (int b = 0; b < 8; b++) {
            value = (value << 8) | (hash[b] & 0xFF);
        }
        return value;
    }
}
