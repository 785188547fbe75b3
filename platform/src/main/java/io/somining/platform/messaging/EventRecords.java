package io.somining.platform.messaging;

import io.somining.contracts.Event;
import io.somining.contracts.EventCodec;
import io.somining.contracts.MalformedEventException;
import io.somining.contracts.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

/** Turns a batch of Kafka records into events, in order; a malformed record is logged with its place and skipped. */
public final class EventRecords {

    private static final Logger LOG = Logger.getLogger(EventRecords.class);

    private EventRecords() {
    }

    public static List<Event> decode(Iterable<ConsumerRecord<String, String>> records) {
        List<Event> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            Header type = record.headers().lastHeader(Topics.EVENT_TYPE_HEADER);
            String eventType = type == null ? "(no " + Topics.EVENT_TYPE_HEADER + " header)"
                    : new String(type.value(), StandardCharsets.UTF_8);
            try {
                events.add(EventCodec.decode(eventType, record.value()));
            } catch (MalformedEventException e) {
                LOG.errorf("Skipping malformed event at %s-%d@%d (key %s): %s", record.topic(), record.partition(),
                        record.offset(), record.key(), e.getMessage());
            }
        }
        return events;
    }

    public static <T extends Event> List<T> only(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
