package io.somining.classifier.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The replay of every ingested question under a newly published study version, with its progress. */
@Entity
@Table(name = "reclassification")
@IdClass(Reclassification.Key.class)
public class Reclassification extends PanacheEntityBase {

    public enum State { RUNNING, DONE, SUPERSEDED }

    @Id
    @Column(name = "study_id")
    public String studyId;

    @Id
    @Column(name = "to_version")
    public int toVersion;

    @Column(name = "from_version")
    public int fromVersion;

    public String state;

    /** partition:offset,... the replay stops at (the topic's end when it began). */
    @Column(name = "end_offsets")
    public String endOffsets;

    /** partition:offset,... the replay continues from. */
    @Column(name = "next_offsets")
    public String nextOffsets;

    public long questions;

    /** Questions whose sets differ from what an earlier version gave them. */
    public long changed;

    /** Classifications published, a question's first one included. */
    public long published;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public static List<Reclassification> running() {
        return list("state = ?1 order by startedAt", State.RUNNING.name());
    }

    public static List<Reclassification> ofStudy(String studyId) {
        return list("studyId = ?1 order by toVersion desc", studyId);
    }

    public static String offsets(Map<Integer, Long> offsets) {
        return new TreeMap<>(offsets).entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public static Map<Integer, Long> offsets(String text) {
        Map<Integer, Long> offsets = new TreeMap<>();
        if (!text.isEmpty()) {
            for (String entry : text.split(",")) {
                String[] parts = entry.split(":");
                offsets.put(Integer.parseInt(parts[0]), Long.parseLong(parts[1]));
            }
        }
        return offsets;
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String studyId;
        public int toVersion;

        public Key() {
        }

        public Key(String studyId, int toVersion) {
            this.studyId = studyId;
            this.toVersion = toVersion;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.toVersion == toVersion && Objects.equals(k.studyId, studyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(studyId, toVersion);
        }
    }
}
