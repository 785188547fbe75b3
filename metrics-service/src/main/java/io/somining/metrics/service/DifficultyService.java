package io.somining.metrics.service;

import io.somining.metrics.repository.DifficultyQueries;
import io.somining.metrics.rest.ComparisonView;
import io.somining.metrics.rest.DifficultyView;
import io.somining.metrics.rest.SurvivalView;
import io.somining.metrics.stats.KaplanMeier;
import io.somining.metrics.stats.ProportionTest;
import io.somining.metrics.stats.Summary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** How hard a set's questions are: shares without an accepted answer, response times, survival, comparisons. */
@ApplicationScoped
public class DifficultyService {

    @Inject
    DifficultyQueries queries;

    @Inject
    KnownSets known;

    @Inject
    FigureCache cache;

    /** @param reviewed only the set's members a relevance review kept */
    public DifficultyView difficulty(String studyId, String setId, String site, boolean reviewed) {
        return cache.get(Arrays.asList("difficulty", studyId, setId, site, reviewed),
                () -> computeDifficulty(studyId, setId, site, reviewed));
    }

    private DifficultyView computeDifficulty(String studyId, String setId, String site, boolean reviewed) {
        known.require(studyId, setId, reviewed);
        return queries.difficulty(studyId, setId, site, reviewed, (counts, responseTimes) -> {
            Summary responseMinutes = Summary.of(responseTimes);
            return new DifficultyView(studyId, setId, site, reviewed, counts.count(), counts.withoutAcceptedAnswer(),
                    share(counts.withoutAcceptedAnswer(), counts.count()),
                    Math.toIntExact(counts.count() - counts.withoutAcceptedAnswer() - responseTimes.size()),
                    responseMinutes);
        });
    }

    /**
     * The difficulty figures with each response time replaced by its remainder after whole days
     * (minutes modulo 1,440): how a computation that keeps a time difference's seconds field and drops
     * its days (Python's {@code timedelta.seconds}) summarizes the same questions.
     */
    public DifficultyView difficultyWithinDay(String studyId, String setId, String site, boolean reviewed) {
        known.require(studyId, setId, reviewed);
        // the survival rows hold every question of the set: the counts follow from them, no second query
        DifficultyQueries.Survival questions = queries.survival(studyId, setId, site, reviewed);
        double[] withinDay = java.util.stream.IntStream.range(0, questions.answered().length)
                .filter(i -> questions.answered()[i])
                .mapToDouble(i -> questions.observedMinutes()[i] % MINUTES_PER_DAY).toArray();
        int count = questions.observedMinutes().length + questions.acceptedWithoutTime();
        int withoutAccepted = questions.observedMinutes().length - withinDay.length;
        return new DifficultyView(studyId, setId, site, reviewed, count, withoutAccepted, share(withoutAccepted, count),
                questions.acceptedWithoutTime(), Summary.of(withinDay));
    }

    private static final double MINUTES_PER_DAY = 24 * 60;

    /** @param reviewed sets of either group that count only the members a relevance review kept */
    public ComparisonView compare(String studyId, List<String> a, List<String> b, String site, Set<String> reviewed,
            boolean correct) {
        known.require(studyId, a);
        known.require(studyId, b);
        known.requireReviewed(studyId, reviewed);
        DifficultyQueries.Counts first = queries.counts(studyId, a, site, reviewed);
        DifficultyQueries.Counts second = queries.counts(studyId, b, site, reviewed);
        return new ComparisonView(studyId, site, group(a, reviewed, first), group(b, reviewed, second),
                ProportionTest.of(first.withoutAcceptedAnswer(), first.count(), second.withoutAcceptedAnswer(),
                        second.count(), correct));
    }

    public SurvivalView survival(String studyId, String setId, String site, boolean reviewed, boolean withCurve) {
        return cache.get(Arrays.asList("survival", studyId, setId, site, reviewed, withCurve),
                () -> computeSurvival(studyId, setId, site, reviewed, withCurve));
    }

    private SurvivalView computeSurvival(String studyId, String setId, String site, boolean reviewed, boolean withCurve) {
        known.require(studyId, setId, reviewed);
        DifficultyQueries.Survival questions = queries.survival(studyId, setId, site, reviewed);
        KaplanMeier km = KaplanMeier.of(questions.observedMinutes(), questions.answered());
        return new SurvivalView(studyId, setId, site, reviewed, km.subjects(), km.events(),
                km.subjects() - km.events(), questions.acceptedWithoutTime(), km.median(), km.medianLow(), km.medianHigh(),
                withCurve ? km.curve() : null);
    }

    private static ComparisonView.Group group(List<String> sets, Set<String> reviewed, DifficultyQueries.Counts questions) {
        return new ComparisonView.Group(sets, sets.stream().filter(reviewed::contains).toList(), questions.count(), questions.withoutAcceptedAnswer(),
                share(questions.withoutAcceptedAnswer(), questions.count()));
    }

    private static Double share(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
