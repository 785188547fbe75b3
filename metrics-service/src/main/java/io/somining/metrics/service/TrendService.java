package io.somining.metrics.service;

import io.somining.metrics.repository.TrendQueries;
import io.somining.metrics.rest.SetSizesView;
import io.somining.metrics.rest.TrendView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.List;

/** The popularity trend: questions and users per year and set. */
@ApplicationScoped
public class TrendService {

    /** Stack Overflow opened in 2008; no Stack Exchange site has older posts. */
    public static final int FIRST_YEAR = 2008;

    @Inject
    TrendQueries queries;

    @Inject
    KnownSets known;

    @Inject
    FigureCache cache;

    /** @param reviewed only the set's members a relevance review kept */
    public TrendView trend(String studyId, String setId, String site, Integer from, Integer to, boolean reviewed) {
        known.require(studyId, setId, reviewed);
        int fromYear = from == null ? FIRST_YEAR : from;
        int toYear = to == null ? Year.now(ZoneOffset.UTC).getValue() : to;
        if (fromYear > toYear) {
            throw new IllegalArgumentException("year range: from " + fromYear + " is after to " + toYear);
        }
        return cache.get(java.util.Arrays.asList("trend", studyId, setId, site, fromYear, toYear, reviewed),
                () -> new TrendView(studyId, setId, site, reviewed, fromYear, toYear,
                        queries.trend(studyId, setId, site, fromYear, toYear, reviewed)));
    }

    /**
     * Every set the study's latest version defines, with its questions (0 for a set without any yet); those in
     * {@code reviewed} with their reviewed members.
     */
    public SetSizesView sets(String studyId, String site, java.util.Set<String> reviewed) {
        return cache.get(java.util.Arrays.asList("sets", studyId, site, new java.util.TreeSet<>(reviewed)),
                () -> countSets(studyId, site, reviewed));
    }

    private SetSizesView countSets(String studyId, String site, java.util.Set<String> reviewed) {
        known.require(studyId, List.copyOf(reviewed));
        known.requireReviewed(studyId, reviewed);
        java.util.Map<String, Long> counted = queries.setSizes(studyId, site);
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        queries.studySets(studyId).forEach(set -> sizes.put(set, reviewed.contains(set)
                ? queries.reviewedSize(studyId, set, site) : counted.getOrDefault(set, 0L)));
        return new SetSizesView(studyId, site, sizes, reviewed.stream().sorted().toList());
    }
}
