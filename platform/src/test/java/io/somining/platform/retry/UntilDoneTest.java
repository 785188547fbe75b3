package io.somining.platform.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UntilDoneTest {

    @Test
    void shouldRetryAStatementCancelledByItsTransactionsTimeout() {
        // given work whose first attempt waits on a lock until its transaction times out (PostgreSQL's 57014)
        AtomicInteger attempts = new AtomicInteger();

        // when
        String result = UntilDone.call("applying a batch", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot apply 1000 event(s)",
                        new SQLException("canceling statement due to user request", "57014"));
            }
            return "applied";
        });

        // then it was tried again, and done
        assertThat(result).isEqualTo("applied");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void shouldRetryWhenThePoolCouldNotHandOutAConnectionInTime() {
        // given work whose first attempt finds the database stalled, as Agroal reports it (seen in a chaos run: a
        // frozen PostgreSQL stopped the metrics' channel for good)
        AtomicInteger attempts = new AtomicInteger();

        // when
        String result = UntilDone.call("applying a batch", () -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("cannot apply 998 classification(s)", new SQLException(
                        "Acquisition timeout while waiting for new connection", new java.util.concurrent.TimeoutException()));
            }
            return "applied";
        });

        // then it was tried again, and done
        assertThat(result).isEqualTo("applied");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void shouldNotRetryWhatNoWaitMends() {
        // given work that breaks a unique key (23505): bad data, not a busy database
        AtomicInteger attempts = new AtomicInteger();

        // then it fails at once
        assertThatThrownBy(() -> UntilDone.call("applying a batch", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("cannot apply", new SQLException("duplicate key", "23505"));
        })).hasMessage("cannot apply");
        assertThat(attempts).hasValue(1);
    }
}
