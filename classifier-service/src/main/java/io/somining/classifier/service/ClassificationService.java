package io.somining.classifier.service;

import io.somining.classifier.repository.ClassificationStore;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.QuestionText;
import io.somining.contracts.Event;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionDeleted;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classifies questions under every active study, stores the results and publishes what changed. */
@ApplicationScoped
public class ClassificationService {

    @Inject
    StudyCatalog studies;

    @Inject
    ClassificationStore store;

    @Inject
    OutboxWriter outbox;

    /**
     * Applies a batch of question events in one transaction: an upserted question is classified, a
     * deleted one leaves every set. Only the last event of each question counts, as it is its state.
     * Answers the number of classifications that changed.
     */
    @Transactional
    public int apply(List<Event> events) {
        Map<String, Event> latest = new LinkedHashMap<>();
        for (Event event : events) {
            if (event instanceof QuestionUpserted || event instanceof QuestionDeleted) {
                latest.remove(event.key());
                latest.put(event.key(), event);
            }
        }
        List<QuestionClassified> results = new ArrayList<>();
        for (CompiledStudy study : studies.active()) {
            String id = study.definition().id();
            int version = study.definition().version();
            for (Event event : latest.values()) {
                if (event instanceof QuestionUpserted question) {
                    var result = study.classify(new QuestionText(question.site(), question.postId(), question.title(),
                            question.body(), question.tags()));
                    results.add(QuestionClassified.of(id, version, question.site(), question.postId(), result.sets(),
                            result.matches()));
                } else if (event instanceof QuestionDeleted deleted) {
                    results.add(QuestionClassified.of(id, version, deleted.site(), deleted.postId(), List.of(), List.of()));
                }
            }
        }
        List<QuestionClassified> changed = store.upsertChanged(results);
        outbox.append(Topics.CLASSIFICATIONS, changed);
        return changed.size();
    }
}
