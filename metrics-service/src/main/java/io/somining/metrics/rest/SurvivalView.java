package io.somining.metrics.rest;

import io.somining.metrics.stats.KaplanMeier;
import java.util.List;

/**
 * Time to an accepted answer as a Kaplan-Meier curve, in minutes: a question without an accepted
 * answer is censored where observation of its site ends (the newest post of its latest dump). The median and its 95 % interval are null where the curve
 * (or the limit) never falls to 0.5.
 *
 * @param reviewed only the set's members a relevance review kept were counted
 * @param excluded questions with an accepted answer whose time is unknown (the dump lacks the answer)
 */
public record SurvivalView(String studyId, String setId, String site, boolean reviewed, int questions, int answered, int censored,
        int excluded, Double medianMinutes, Double medianLow, Double medianHigh, List<KaplanMeier.Step> curve) {
}
