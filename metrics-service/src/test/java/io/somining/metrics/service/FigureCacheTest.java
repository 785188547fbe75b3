package io.somining.metrics.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.RealInfrastructureResource;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "metrics"))
class FigureCacheTest {

    @Inject
    FigureCache cache;

    @Inject
    AgroalDataSource dataSource;

    private String snapshot() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pg_current_snapshot()::text")) {
            row.next();
            return row.getString(1);
        }
    }

    /** Commits a transaction that holds a transaction id, as any write does. */
    private void commitATransaction() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_current_xact_id()");
            }
            connection.commit();
        }
    }

    @Test
    void shouldServeTheSameFiguresAgainWhileTheDatabaseCommitsNothing() throws Exception {
        // given figures computed once (the consumers may commit meanwhile: tried until two calls met one snapshot)
        for (int attempt = 0; attempt < 20; attempt++) {
            List<Object> key = List.of("test", UUID.randomUUID().toString());
            AtomicInteger computed = new AtomicInteger();
            String before = snapshot();

            // when they are asked for twice
            Object first = cache.get(key, () -> new StringBuilder("figures " + computed.incrementAndGet()));
            Object second = cache.get(key, () -> new StringBuilder("figures " + computed.incrementAndGet()));

            // then, when nothing was committed in between, the second answer is the first, not computed again
            if (before.equals(snapshot())) {
                assertThat(computed).hasValue(1);
                assertThat(second).isSameAs(first);
                return;
            }
        }
        throw new AssertionError("the database committed something during each of 20 attempts");
    }

    @Test
    void shouldComputeTheFiguresAgainOnceATransactionCommitted() throws Exception {
        // given figures computed once
        List<Object> key = List.of("test", UUID.randomUUID().toString());
        AtomicInteger computed = new AtomicInteger();
        cache.get(key, computed::incrementAndGet);

        // when any transaction commits, and the figures are asked for again
        commitATransaction();
        Object again = cache.get(key, computed::incrementAndGet);

        // then they are computed again
        assertThat(again).isEqualTo(2);
    }

    @Test
    void shouldKeepNothingWhenTheComputationFails() {
        // given a computation that fails once
        List<Object> key = List.of("test", UUID.randomUUID().toString());
        assertThatThrownBy(() -> cache.get(key, () -> {
            throw new IllegalArgumentException("no such set");
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("no such set");

        // when the same figures are asked for again, then they are computed
        assertThat(cache.<Object>get(key, () -> "computed")).isEqualTo("computed");
    }
}
