package io.somining.classifier.service;

import io.somining.classifier.repository.ClassificationStore;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.QuestionText;
import io.somining.contracts.QuestionClassified;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.platform.outbox.OutboxWriter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** Classifies questions under every active study, stores the results and publishes what changed. */
@ApplicationScoped
public class ClassificationService {

    @Inject
    StudyCatalog studies;

    @Inject
    ClassificationStore store;

    @Inject
    OutboxWriter outbox;

    /** Classifies a batch in one transaction; answers the number of classifications that changed. */
    @Transactional
    public int classify(List<QuestionUpserted> questions) {
        List<QuestionClassified> results = new ArrayList<>();
        for (CompiledStudy study : studies.active()) {
            for (QuestionUpserted question : questions) {
                var result = study.classify(new QuestionText(question.site(), question.postId(), question.title(),
                        question.body(), question.tags()));
                results.add(QuestionClassified.of(study.definition().id(), study.definition().version(),
                        question.site(), question.postId(), result.sets(), result.matches()));
            }
        }
        List<QuestionClassified> changed = store.upsertChanged(results);
        outbox.append(Topics.CLASSIFICATIONS, changed);
        return changed.size();
    }
}
