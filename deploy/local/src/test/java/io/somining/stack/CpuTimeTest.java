package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void shouldCountAtLeastTheCpuThisThreadSpent() {
        // given
        var threads = ManagementFactory.getThreadMXBean();
        Duration before = CpuTime.of(ProcessHandle.current());
        long threadBefore = threads.getCurrentThreadCpuTime();

        // when: ~300 ms of work on this thread
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < 300_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                sink += i * 31L ^ sink;
            }
        }
        Duration spent = Duration.ofNanos(threads.getCurrentThreadCpuTime() - threadBefore);
        Duration counted = CpuTime.of(ProcessHandle.current()).minus(before);

        // then: the process used at least what the thread did (to the 10 ms the system counts in)
        assertThat(counted).as("sink %d", sink).isGreaterThanOrEqualTo(spent.minusMillis(20));
    }

    @Test
    void shouldCountNothingForAProcessThatIsGone() throws Exception {
        // given
        Process child = new ProcessBuilder("java", "-version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ProcessHandle handle = child.toHandle();

        // when
        child.waitFor();

        // then
        assertThat(CpuTime.of(handle)).isEqualTo(Duration.ZERO);
    }
}
