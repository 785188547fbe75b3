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

    public static List<StudyVersion> latestOfEachActiveStudy() {
        return getEntityManager().createNativeQuery("""
                SELECT s.* FROM study_version s
                WHERE s.version = (SELECT max(o.version) FROM study_version o WHERE o.study_id = s.study_id)
                  AND NOT EXISTS (SELECT 1 FROM study_retirement r WHERE r.study_id = s.study_id)
                ORDER BY s.study_id""", StudyVersion.class).getResultList();
    }

    /** The study's highest published version, 0 if it has none. */
    public static int latestVersion(String studyId) {
        return latestVersionBefore(studyId, Integer.MAX_VALUE);
    }

    /** The highest version below {@code version}, 0 if none. */
    public static int latestVersionBefore(String studyId, int version) {
        Integer latest = getEntityManager().createQuery(
                "select max(s.version) from StudyVersion s where s.studyId = ?1 and s.version < ?2", Integer.class)
                .setParameter(1, studyId).setParameter(2, version).getSingleResult();
        return latest == null ? 0 : latest;
    }

    public static void retire(String studyId) {
        getEntityManager().createNativeQuery("INSERT INTO study_retirement (study_id, retired_at) VALUES (?1, now()) "
                + "ON CONFLICT (study_id) DO NOTHING").setParameter(1, studyId).executeUpdate();
    }

    public static void reactivate(String studyId) {
        getEntityManager().createNativeQuery("DELETE FROM study_retirement WHERE study_id = ?1")
                .setParameter(1, studyId).executeUpdate();
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
