package io.somining.classifier.messaging;

import io.smallrye.common.annotation.Blocking;
import io.somining.classifier.service.ClassificationService;
import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.MalformedEventException;
import io.somining.contracts.QuestionUpserted;
import io.somining.contracts.Topics;
import io.somining.platform.retry.UntilDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes question events in batches. Redelivered events change nothing: classifications are
 * upserted on their natural key and only changes are published.
 */
@ApplicationScoped
public class QuestionConsumer {

    private static final Logger LOG = Logger.getLogger(QuestionConsumer.class);

    @Inject
    ClassificationService classifier;

    @Incoming("questions")
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        List<QuestionUpserted> questions = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            Header type = record.headers().lastHeader(Topics.EVENT_TYPE_HEADER);
            String eventType = type == null ? "(no type header)" : new String(type.value(), StandardCharsets.UTF_8);
            try {
                Event event = EventCodec.decode(eventType, record.value());
                if (event instanceof QuestionUpserted question) {
                    questions.add(question);
                }
            } catch (MalformedEventException e) {
                LOG.errorf("Skipping malformed event at %s-%d@%d: %s", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        if (!questions.isEmpty()) {
            int changed = UntilDone.call("classifying " + questions.size() + " question(s)",
                    () -> classifier.classify(questions));
            LOG.debugf("Classified %d question(s), %d classification(s) changed", questions.size(), changed);
        }
    }
}
