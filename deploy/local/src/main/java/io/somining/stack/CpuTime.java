package io.somining.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * The CPU time a process and its descendants have used: each live one's from the JDK's process API,
 * plus, where {@code /proc} exists, what their exited children used (PostgreSQL's parallel and
 * autovacuum workers come and go while a job runs). Zero for a process that is gone.
 */
final class CpuTime {

    /** Linux reports {@code /proc} times in USER_HZ, 100 per second on every architecture. */
    private static final long USER_HZ = 100;

    private CpuTime() {
    }

    static Duration of(ProcessHandle root) {
        Duration total = Duration.ZERO;
        for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            total = total.plus(process.info().totalCpuDuration().orElse(Duration.ZERO))
                    .plus(exitedChildren(process.pid()));
        }
        return total;
    }

    /** What the process's exited and reaped children used ({@code cutime + cstime}); zero without {@code /proc}. */
    private static Duration exitedChildren(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command, which may hold spaces, in its parentheses: state is field 3, cutime 16
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return Duration.ofMillis(ticks * 1000 / USER_HZ);
        } catch (IOException | RuntimeException unavailable) {
            return Duration.ZERO;
        }
    }
}
