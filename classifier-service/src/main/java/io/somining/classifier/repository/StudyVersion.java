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
import java.util.Objects;

/** One published, immutable version of a study definition. */
@Entity
@Table(name = "study_version")
@IdClass(StudyVersion.Key.class)
public class StudyVersion extends PanacheEntityBase {

    @Id
    @Column(name = "study_id")
    public String studyId;

    @Id
    public int version;

    public String title;

    public String document;

    @Column(name = "published_at")
    public Instant publishedAt;

    public static List<StudyVersion> latestOfEachStudy() {
        return list("from StudyVersion s where s.version = "
                + "(select max(o.version) from StudyVersion o where o.studyId = s.studyId) order by s.studyId");
    }

    public static List<StudyVersion> versionsOf(String studyId) {
        return list("studyId = ?1 order by version", studyId);
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String studyId;
        public int version;

        public Key() {
        }

        public Key(String studyId, int version) {
            this.studyId = studyId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.studyId, studyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(studyId, version);
        }
    }
}
