package io.somining.taxonomy.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StratifiedSampleTest {

    private static List<String> members(String site, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> site + "/" + i).collect(Collectors.toList());
    }

    @Test
    void shouldAllocateInProportionWithTheLargestRemainders() {
        assertThat(StratifiedSample.allocate(10, new int[] { 50, 30, 20 })).containsExactly(5, 3, 2);
        // exact 2.0, 1.2, 0.8: floors 2, 1, 0, and the one left goes to the largest remainder
        assertThat(StratifiedSample.allocate(4, new int[] { 5, 3, 2 })).containsExactly(2, 1, 1);
        // a tie goes to the first stratum
        assertThat(StratifiedSample.allocate(1, new int[] { 2, 2 })).containsExactly(1, 0);
    }

    @Test
    void shouldDrawTheSameUnstratifiedSampleAsAPlainSeededShuffleOfTheSortedPopulation() {
        // given 40 questions, not stratified
        List<String> population = members("a.example", 40);
        Map<String, List<String>> one = new HashMap<>();
        one.put(null, population);

        // when 10 are drawn with seed 7, the first 3 as the pilot
        List<StratifiedSample.Draw> draws = StratifiedSample.draw(one, 10, 3, 7);

        // then they are the first 10 of Fisher-Yates with Random(7) over the sorted population
        List<String> expected = new ArrayList<>(population.stream().sorted().toList());
        Random random = new Random(7);
        for (int i = expected.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = expected.get(i);
            expected.set(i, expected.get(j));
            expected.set(j, swap);
        }
        assertThat(draws).extracting(StratifiedSample.Draw::member).containsExactlyElementsOf(expected.subList(0, 10));
        assertThat(draws).extracting(StratifiedSample.Draw::pilot)
                .containsExactly(true, true, true, false, false, false, false, false, false, false);
    }

    @Test
    void shouldDrawEachStratumInProportionWithAProportionalPilotAndTheSameDrawForTheSameSeed() {
        Map<String, List<String>> strata = Map.of("server", members("s.example", 60), "mobile", members("m.example", 30),
                "browser", members("b.example", 10));

        List<StratifiedSample.Draw> draws = StratifiedSample.draw(strata, 20, 10, 42);

        Map<String, Long> perStratum = draws.stream().collect(Collectors.groupingBy(StratifiedSample.Draw::stratum, Collectors.counting()));
        Map<String, Long> pilots = draws.stream().filter(StratifiedSample.Draw::pilot)
                .collect(Collectors.groupingBy(StratifiedSample.Draw::stratum, Collectors.counting()));
        assertThat(perStratum).isEqualTo(Map.of("server", 12L, "mobile", 6L, "browser", 2L));
        assertThat(pilots).isEqualTo(Map.of("server", 6L, "mobile", 3L, "browser", 1L));
        assertThat(draws).allSatisfy(d -> assertThat(strata.get(d.stratum())).contains(d.member()));
        assertThat(draws.stream().map(StratifiedSample.Draw::member).distinct()).hasSize(20);
        assertThat(StratifiedSample.draw(strata, 20, 10, 42)).isEqualTo(draws);
        assertThat(StratifiedSample.draw(strata, 20, 10, 43)).isNotEqualTo(draws);
    }
}
