package io.somining.ingest.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.ingest.parse.PostRow;
import io.somining.testing.RealInfrastructureResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The post store's reads of a partition being loaded, against a real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class PostStoreTest {

    private static final String SITE = "plans.example";
    private static final Instant CREATED = Instant.parse("2020-05-01T10:15:30.123Z");

    @Inject
    PostStore posts;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void shouldPlanEachReadOfAPartitionBeingLoadedForTheTableAsItIsThen() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // given: a first load whose partition holds a few questions and answers so far
            String loadTable = posts.partitionForLoad(connection, SITE);
            posts.upsert(connection, UUID.randomUUID(), PostBatch.of(SITE, UUID.randomUUID(), rows(1, 40)), loadTable, false);

            // when: the relay reads questions back many times while the load goes on
            List<Map<Long, PostStore.StoredQuestion>> reads = new ArrayList<>();
            for (long from = 1; from < 40; from += 4) {
                reads.add(posts.storedQuestions(connection, SITE, LongStream.range(from, from + 4).boxed().toList()));
            }
            posts.upsert(connection, UUID.randomUUID(), PostBatch.of(SITE, UUID.randomUUID(), rows(41, 3000)), loadTable, false);
            Map<Long, PostStore.StoredQuestion> late = posts.storedQuestions(connection, SITE, List.of(2001L, 2002L, 2003L));

            // then: each read answered its questions (odd ids), and none ran on a generic plan
            assertThat(reads).allSatisfy(read -> assertThat(read).hasSize(2));
            assertThat(reads.get(0).keySet()).containsExactlyInAnyOrder(1L, 3L);
            assertThat(late.keySet()).containsExactlyInAnyOrder(2001L, 2003L);
            PostStore.StoredQuestion question = late.get(2001L);
            assertThat(question.title()).isEqualTo("question 2001");
            assertThat(question.tags()).containsExactly("python", "tensorflow");
            assertThat(question.creationDate()).isEqualTo(CREATED);
            assertThat(question.acceptedAnswerId()).isEqualTo(2002L);
            assertThat(genericPlansOnThePartition(connection)).isZero();
            connection.rollback();
        }
    }

    @Test
    void shouldReadBackEveryQuestionOfTheShippedDumpsAsItsStoredStateSaysItWasStored() throws Exception {
        for (String dump : List.of("ai.stackexchange.com_2017-03", "genai.stackexchange.com_2023-12_postsonly",
                "datascience.meta.stackexchange.com_2024-01_pipe-tags_postsonly", "stackoverflow.com_2008-head-sample")) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                // given: a first load of a real dump's rows (under a site no other test stores)
                String site = "readback." + dump.substring(0, dump.indexOf('_'));
                List<PostRow> rows = new ArrayList<>();
                try (var reader = new io.somining.ingest.parse.PostsXmlReader("Posts.xml",
                        java.nio.file.Files.newInputStream(java.nio.file.Path.of("../data/samples", dump, "Posts.xml")))) {
                    for (PostRow row = reader.next(); row != null; row = reader.next()) {
                        rows.add(row);
                    }
                }
                PostBatch batch = PostBatch.of(site, UUID.randomUUID(), rows);
                posts.upsert(connection, UUID.randomUUID(), batch, posts.partitionForLoad(connection, site), false);

                // when
                List<PostRow> questions = batch.rows().stream().filter(PostRow::isQuestion).toList();
                Map<Long, PostStore.StoredQuestion> read = posts.storedQuestions(connection, site,
                        questions.stream().map(PostRow::id).toList());

                // then: what the relay may publish from memory is exactly what it would read
                assertThat(batch.storedAsRead()).as(dump).isTrue();
                assertThat(read).as(dump).hasSize(questions.size());
                for (PostRow question : questions) {
                    assertThat(PostStore.StoredQuestion.of(question)).as(dump + " question " + question.id())
                            .isEqualTo(read.get(question.id()));
                }
                connection.rollback();
            }
        }
    }

    @Test
    void shouldRoundAQuestionsInstantsToTheMicrosecondAsPostgreSQLStoresThem() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // given: instants finer than PostgreSQL keeps, rounding up and down
            PostRow question = new PostRow(1, PostRow.QUESTION, null, null, Instant.parse("2020-05-01T10:15:30.123456789Z"),
                    null, null, "t", "b", List.of(), 0, 0, null, Instant.parse("2021-01-01T00:00:00.000000499Z"), 1);
            posts.upsert(connection, UUID.randomUUID(), PostBatch.of(SITE, UUID.randomUUID(), List.of(question)),
                    posts.partitionForLoad(connection, SITE), false);

            // when
            PostStore.StoredQuestion read = posts.storedQuestions(connection, SITE, List.of(1L)).get(1L);

            // then
            assertThat(read.creationDate()).isEqualTo(Instant.parse("2020-05-01T10:15:30.123457Z"));
            assertThat(PostStore.StoredQuestion.of(question)).isEqualTo(read);
            connection.rollback();
        }
    }

    @Test
    void shouldTellABatchWhoseTextPostgreSQLStoresOtherwise() throws Exception {
        // given: a title with a lone surrogate, which the JSON-lines format can carry and UTF-8 cannot
        PostRow odd = new PostRow(1, PostRow.QUESTION, null, null, CREATED, null, null, "half \uD83D pair", "b",
                List.of(), 0, 0, 0, null, 1);

        // when
        PostBatch batch = PostBatch.of(SITE, UUID.randomUUID(), List.of(odd));

        // then: its questions' stored state is read back, not taken from the row
        assertThat(batch.storedAsRead()).isFalse();
        assertThat(PostBatch.of(SITE, UUID.randomUUID(), rows(1, 2)).storedAsRead()).isTrue();
    }

    @Test
    void shouldLoadIntoAPartitionWithoutKeyUntilQuestionsAreReadBackByIdThenRefuseARepeatedPost() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // given: a first load's partition, with posts copied in
            String loadTable = posts.partitionForLoad(connection, SITE);
            posts.upsert(connection, UUID.randomUUID(), PostBatch.of(SITE, UUID.randomUUID(), rows(1, 10)), loadTable, false);
            assertThat(primaryKeys(connection, loadTable)).isZero();

            // when: the relay reads questions back by id (it missed them in memory)
            var read = posts.storedQuestions(connection, SITE, List.of(3L, 5L));

            // then: the partition got its key, once however often asked, and it refuses a repeated post
            assertThat(read.keySet()).containsExactlyInAnyOrder(3L, 5L);
            posts.addKey(connection, SITE);
            assertThat(primaryKeys(connection, loadTable)).isOne();
            java.sql.Savepoint beforeRepeat = connection.setSavepoint();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> posts.upsert(connection, UUID.randomUUID(),
                    PostBatch.of(SITE, UUID.randomUUID(), rows(9, 12)), loadTable, false))
                    .satisfies(failure -> assertThat(PostStore.isRepeatedPost(failure)).isTrue());
            connection.rollback(beforeRepeat);
            connection.rollback();
        }
    }

    @Test
    void shouldAddAPartitionsKeyOnceWhenTheLoadAndTheRelayAskAtOnce() throws Exception {
        String site = "asked-twice.example";
        try (Connection load = dataSource.getConnection(); Connection relay = dataSource.getConnection();
                Connection observer = dataSource.getConnection()) {
            String table = posts.partitionForLoad(load, site);
            try {
                // given: a resumed load adding the key, not committed yet
                load.setAutoCommit(false);
                posts.addKey(load, site);

                // when: the relay asks for the key meanwhile, and waits for the load's transaction
                var asked = java.util.concurrent.CompletableFuture.runAsync(() -> {
                    try {
                        posts.addKey(relay, site);
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                        .until(() -> waitingOnALock(observer, "post_partition_add_key"));
                load.commit();

                // then: the relay's call ends without error, and the partition has one key
                asked.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(primaryKeys(observer, table)).isOne();
            } finally {
                load.rollback();
                try (Statement drop = observer.createStatement()) {
                    drop.execute("DROP TABLE \"" + table + "\"");
                }
            }
        }
    }

    private static boolean waitingOnALock(Connection connection, String query) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE wait_event_type = 'Lock' AND query LIKE '%" + query + "%'")) {
            result.next();
            return result.getLong(1) > 0;
        }
    }

    private static long primaryKeys(Connection connection, String table) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM pg_constraint WHERE contype = 'p' "
                        + "AND conrelid = '\"" + table + "\"'::regclass")) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Questions at odd ids from..to, each accepting the answer that follows it. */
    private static List<PostRow> rows(long from, long to) {
        List<PostRow> rows = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            boolean question = id % 2 == 1;
            rows.add(new PostRow(id, question ? PostRow.QUESTION : PostRow.ANSWER, question ? null : id - 1,
                    question ? id + 1 : null, CREATED, 7L, null, question ? "question " + id : null,
                    "<p>body " + id + "</p>", question ? List.of("python", "tensorflow") : List.of(), 1,
                    question ? 10 : null, question ? 1 : null, null, id));
        }
        return rows;
    }

    private static long genericPlansOnThePartition(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT coalesce(sum(generic_plans), 0) FROM pg_prepared_statements "
                        + "WHERE statement LIKE '%' || post_partition('" + SITE + "') || '%'")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void shouldGiveThePlannerTheRowsAJobNotedAsReadBeforeItsDeletionsAreWalked() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // given statistics taken while the table was empty (as after the previous job), then a job's rows
                statement.execute("DELETE FROM ingest_seen");
                statement.execute("ANALYZE ingest_seen");
                statement.execute("INSERT INTO ingest_seen SELECT gen_random_uuid(), g FROM generate_series(1, 50000) g");
                assertThat(estimatedRows(statement)).isZero();

                // when the statistics are refreshed before the walk
                posts.analyzeSeen(connection);

                // then the planner knows of the 50,000 rows
                assertThat(estimatedRows(statement)).isEqualTo(50_000);
            } finally {
                connection.rollback();
            }
        }
    }

    private static long estimatedRows(Statement statement) throws Exception {
        try (ResultSet row = statement.executeQuery("SELECT reltuples::bigint FROM pg_class WHERE relname = 'ingest_seen'")) {
            row.next();
            return row.getLong(1);
        }
    }
}
