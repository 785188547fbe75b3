package io.somining.metrics.service;

import io.somining.metrics.client.ClassifierCounts;
import io.somining.metrics.client.IngestCounts;
import io.somining.metrics.repository.SiteCounts;
import io.somining.metrics.rest.ConsistencyView;
import io.somining.metrics.rest.ConsistencyView.Difference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Reconciles a site across the pipeline. The services never import each other: ingest's and the classifier's
 * figures are read over HTTP with the caller's token, the metrics' own from their database.
 */
@ApplicationScoped
public class PipelineConsistency {

    @Inject
    @RestClient
    IngestCounts ingest;

    @Inject
    @RestClient
    ClassifierCounts classifier;

    @Inject
    SiteCounts metrics;

    @Inject
    PipelineLag lag;

    public ConsistencyView check(String site, String authorization) {
        // in flight first: a figure read after it cannot be older than what the check calls settled
        long ingestOutbox = read("ingest", () -> ingest.outbox(authorization)).pendingEvents();
        long classifierOutbox = read("classifier", () -> classifier.outbox(authorization)).pendingEvents();
        var lagNow = lag.lag();
        long consumerLag = lagNow.suiteLag();
        boolean aggregating = lagNow.aggregating().contains(site);
        IngestCounts.Site stored = read("ingest", () -> ingest.site(site, authorization));
        ClassifierCounts.Site classified = read("classifier", () -> classifier.site(site, authorization));
        SiteCounts.Counted counted = metrics.of(site);

        var ingestView = new ConsistencyView.Ingest(stored.questions(), stored.answers(), stored.acceptedAnswersStored());
        List<ConsistencyView.ClassifierStudy> studies = classified.studies().stream()
                .map(s -> new ConsistencyView.ClassifierStudy(s.studyId(), s.version(), s.questions(), s.members()))
                .toList();
        var metricsView = new ConsistencyView.Metrics(counted.questions(), counted.responseTimes(),
                counted.acceptedWithoutTime(), counted.members());
        List<Difference> differences = differences(ingestView, studies, metricsView);
        return new ConsistencyView(site, differences.isEmpty(),
                ingestOutbox == 0 && classifierOutbox == 0 && consumerLag == 0 && !aggregating,
                differences, ingestView, studies, metricsView,
                new ConsistencyView.InFlight(ingestOutbox, classifierOutbox, consumerLag, aggregating));
    }

    /** Every figure one service holds that the next one does not hold alike. */
    static List<Difference> differences(ConsistencyView.Ingest stored, List<ConsistencyView.ClassifierStudy> classified,
            ConsistencyView.Metrics counted) {
        List<Difference> differences = new ArrayList<>();
        differ(differences, "questions", "ingest", stored.questions(), "metrics", counted.questions());
        differ(differences, "response times (questions whose accepted answer is stored)", "ingest",
                stored.acceptedAnswersStored(), "metrics", counted.responseTimes());
        for (ConsistencyView.ClassifierStudy study : classified) {
            differ(differences, "questions classified by " + study.studyId() + " v" + study.version(), "ingest",
                    stored.questions(), "classifier", study.questions());
            Map<String, Long> projected = counted.members().getOrDefault(study.studyId(), Map.of());
            study.members().forEach((set, members) -> differ(differences, "members of " + study.studyId() + "/" + set,
                    "classifier", members, "metrics", projected.getOrDefault(set, 0L)));
        }
        return differences;
    }

    private static void differ(List<Difference> differences, String what, String expectedFrom, long expected,
            String foundIn, long found) {
        if (expected != found) {
            differences.add(new Difference(what, expectedFrom, expected, foundIn, found));
        }
    }

    private static <T> T read(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (jakarta.ws.rs.WebApplicationException e) {
            throw new ServiceUnavailableException("the " + service + " service answered "
                    + e.getResponse().getStatus() + " to the reconciliation");
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new ServiceUnavailableException("the " + service + " service cannot be reached for the reconciliation");
        }
    }
}
