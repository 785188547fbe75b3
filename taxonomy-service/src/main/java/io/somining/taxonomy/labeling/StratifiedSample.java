package io.somining.taxonomy.labeling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A reproducible random sample, optionally stratified: the size is allocated to the strata in
 * proportion to their sizes (largest remainders, ties to the first stratum by name), each stratum is
 * shuffled with the one seeded generator (strata in name order, members sorted) and its first members
 * drawn; the pilot is allocated over the strata's draws the same way. One stratum gives the plain
 * seeded sample: the same seed draws the same questions as before strata existed.
 */
final class StratifiedSample {

    /** A drawn member, its stratum (null when unstratified), and whether it is in the pilot. */
    record Draw(String member, String stratum, boolean pilot) {
    }

    private StratifiedSample() {
    }

    /**
     * @param strata members by stratum; one entry with a null key for an unstratified sample
     */
    static List<Draw> draw(Map<String, List<String>> strata, int size, int pilot, long seed) {
        SortedMap<String, List<String>> sorted = new TreeMap<>(Comparator.nullsFirst(Comparator.naturalOrder()));
        strata.forEach((stratum, members) -> sorted.put(stratum, members.stream().distinct().sorted().toList()));
        List<String> names = new ArrayList<>(sorted.keySet());
        int[] sizes = names.stream().mapToInt(name -> sorted.get(name).size()).toArray();
        int[] drawn = allocate(size, sizes);
        int[] piloted = allocate(pilot, drawn);
        Random random = new Random(seed);
        List<Draw> draws = new ArrayList<>();
        for (int s = 0; s < names.size(); s++) {
            List<String> members = new ArrayList<>(sorted.get(names.get(s)));
            // Fisher-Yates, as the unstratified sample always did
            for (int i = members.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                String swap = members.get(i);
                members.set(i, members.get(j));
                members.set(j, swap);
            }
            for (int i = 0; i < drawn[s]; i++) {
                draws.add(new Draw(members.get(i), names.get(s), i < piloted[s]));
            }
        }
        return draws;
    }

    /** {@code total} split in proportion to {@code weights}: floors, then one more to the largest remainders. */
    static int[] allocate(int total, int[] weights) {
        long sum = 0;
        for (int weight : weights) {
            sum += weight;
        }
        int[] shares = new int[weights.length];
        if (sum == 0) {
            return shares;
        }
        int given = 0;
        double[] remainders = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            double exact = (double) total * weights[i] / sum;
            shares[i] = (int) Math.floor(exact);
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -remainders[i]).thenComparingInt(i -> i));
        for (int k = 0; given < total && k < order.size(); k++) {
            int i = order.get(k);
            if (shares[i] < weights[i]) {
                shares[i]++;
                given++;
            }
        }
        return shares;
    }
}
