package io.somining.platform.retry;

import java.time.Duration;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Repeats work that fails for a reason outside the service (database or broker down) with growing
 * pauses, so that a consumer waits for its dependencies instead of dropping or skipping events.
 */
public final class UntilDone {

    private static final Logger LOG = Logger.getLogger(UntilDone.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(10);

    private UntilDone() {
    }

    public static <T> T call(String what, Supplier<T> work) {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                LOG.warnf("%s failed (attempt %d), retrying in %d ms: %s", what, attempt, pause.toMillis(),
                        rootMessage(e));
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }

    public static void run(String what, Runnable work) {
        call(what, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Connection problems are worth waiting for, and so is a statement cancelled by its transaction's timeout (57014:
     * the database was busy, or a lock was held longer, by a metrics rebuild say), and so is a pool that could not
     * hand out a connection in time (Agroal's "Acquisition timeout", caused by a TimeoutException: the database
     * stalled, as a frozen PostgreSQL made the metrics' channel stop for good in a chaos run); a bug or bad data is not.
     */
    public static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientException || t instanceof java.net.ConnectException
                    || t instanceof java.sql.SQLRecoverableException || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")
                            || sql.getSQLState().equals("57014")
                            || sql.getSQLState().equals("40001") || sql.getSQLState().equals("40P01"))) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
