package io.somining.ingest.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CopiedIdsTest {

    @Test
    void shouldNoteNewIdsAndTellARepeatedOneWithoutNotingItsBatch() {
        // given
        CopiedIds copied = new CopiedIds();
        assertThat(copied.add(List.of(1L, 2L, 70_000L, 80_000_000L))).isEqualTo(CopiedIds.Verdict.NEW);

        // when: a batch repeats one id among new ones
        CopiedIds.Verdict repeated = copied.add(List.of(5L, 6L, 70_000L));

        // then: it is told, and its new ids were not noted
        assertThat(repeated).isEqualTo(CopiedIds.Verdict.REPEATED);
        assertThat(copied.add(List.of(5L, 6L))).isEqualTo(CopiedIds.Verdict.NEW);
        assertThat(copied.add(List.of(80_000_000L))).isEqualTo(CopiedIds.Verdict.REPEATED);
    }

    @Test
    void shouldTellAnIdItCannotHoldWithoutNotingItsBatch() {
        // given
        CopiedIds copied = new CopiedIds();

        // when
        CopiedIds.Verdict beyond = copied.add(List.of(7L, 1L << 40));
        CopiedIds.Verdict negative = copied.add(List.of(8L, -1L));

        // then
        assertThat(beyond).isEqualTo(CopiedIds.Verdict.OUT_OF_RANGE);
        assertThat(negative).isEqualTo(CopiedIds.Verdict.OUT_OF_RANGE);
        assertThat(copied.add(List.of(7L, 8L))).isEqualTo(CopiedIds.Verdict.NEW);
    }
}
