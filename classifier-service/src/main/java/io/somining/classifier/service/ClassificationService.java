package io.somining.classifier.service;

import io.somining.classifier.repository.ClassificationStore;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.StudyDefinition;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Classifies questions under studies, stores the results and publishes what changed. */
@ApplicationScoped
public class ClassificationService {

    @Inject
    StudyCatalog studies;

    @Inject
    ClassificationStore store;

    @Inject
    OutboxWriter outbox;

    /**
     * Applies a batch of question events under every active study, in one transaction: an upserted
     * question is classified, a deleted one leaves every set. Only the last event of each question
     * counts, as it is its state. Answers the number of classifications published.
     */
    @Transactional
    public int apply(List<Event> events) {
        int published = 0;
        for (CompiledStudy study : studies.active()) {
            published += classify(study, events).published();
        }
        return published;
    }

    /**
     * @param published classifications published (a question's first one included if it is in a set)
     * @param changed   questions whose sets differ from those an earlier version gave them (what the
     *                  version's changes list)
     */
    public record Outcome(int published, int changed) {
    }

    /**
     * Applies a batch of replayed question events under one study version, within the caller's
     * transaction; a result older than the stored one is ignored by the store.
     */
    public Outcome classify(CompiledStudy study, List<Event> events) {
        Map<String, Event> latest = new LinkedHashMap<>();
        for (Event event : events) {
            if (event instanceof QuestionUpserted || event instanceof QuestionDeleted) {
                latest.remove(event.key());
                latest.put(event.key(), event);
            }
        }
        String id = study.definition().id();
        int version = study.definition().version();
        List<String> studySets = study.definition().sets().stream().map(StudyDefinition.SetDefinition::id).toList();
        List<QuestionClassified> results = new ArrayList<>();
        Map<String, Event> sources = new HashMap<>();
        for (Event event : latest.values()) {
            QuestionClassified result;
            if (event instanceof QuestionUpserted question) {
                var classified = study.classify(new QuestionText(question.site(), question.postId(), question.title(),
                        question.body(), question.tags()));
                result = QuestionClassified.of(id, version, question.site(), question.postId(), classified.sets(),
                        classified.matches(), studySets);
            } else {
                QuestionDeleted deleted = (QuestionDeleted) event;
                result = QuestionClassified.of(id, version, deleted.site(), deleted.postId(), List.of(), List.of(), studySets);
            }
            results.add(result);
            sources.put(result.key(), event);
        }
        List<ClassificationStore.Change> changes = store.upsert(results, sources);
        int changed = store.recordVersionChanges(id, version, changes);
        // a new version that leaves a question's sets as they were is not news; a new snippet under the same version is
        List<QuestionClassified> news = changes.stream()
                .filter(c -> c.isNews(version))
                .map(ClassificationStore.Change::classification)
                .toList();
        outbox.append(Topics.CLASSIFICATIONS, news);
        return new Outcome(news.size(), changed);
    }
}
