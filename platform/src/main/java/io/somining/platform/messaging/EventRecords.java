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

/** Turns a batch of Kafka records into events, in order; a record that cannot be read is set apart with its place and reason. */
public final class EventRecords {

    private EventRecords() {
    }

    /** A record that is not a readable event of a known type. */
    public record Unreadable(String topic, int partition, long offset, String key, String eventType, String value,
            String reason) {
    }

    /** The readable events in their order, and the records that are not. */
    public record Decoded(List<Event> events, List<Unreadable> unreadable) {
    }

    public static Decoded decode(Iterable<? extends ConsumerRecord<String, ?>> records) {
        return decode(records, EventCodec.reader());
    }

    /** Decodes records whose values are JSON text or its UTF-8 bytes, with a reader that may skip fields. */
    public static Decoded decode(Iterable<? extends ConsumerRecord<String, ?>> records, EventCodec.Reader reader) {
        List<Event> events = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (ConsumerRecord<String, ?> record : records) {
            Header type = record.headers().lastHeader(Topics.EVENT_TYPE_HEADER);
            String eventType = type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
            String named = eventType == null ? "(no " + Topics.EVENT_TYPE_HEADER + " header)" : eventType;
            try {
                events.add(record.value() instanceof byte[] bytes ? reader.decode(named, bytes)
                        : reader.decode(named, (String) record.value()));
            } catch (MalformedEventException e) {
                unreadable.add(new Unreadable(record.topic(), record.partition(), record.offset(), record.key(),
                        eventType, text(record.value()), e.getMessage()));
            }
        }
        return new Decoded(events, unreadable);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
    }

    public static <T extends Event> List<T> only(List<Event> events, Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
