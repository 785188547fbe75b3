package io.somining.taxonomy.repository;

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
import java.util.Optional;

/** One stored, immutable version of a taxonomy. */
@Entity
@Table(name = "taxonomy_version")
@IdClass(TaxonomyVersion.Key.class)
public class TaxonomyVersion extends PanacheEntityBase {

    @Id
    @Column(name = "taxonomy_id")
    public String taxonomyId;

    @Id
    public int version;

    public String name;

    public String source;

    @Column(name = "published_at")
    public Instant publishedAt;

    /** The version an edit started from; null for an imported version. */
    @Column(name = "based_on")
    public Integer basedOn;

    @Column(name = "edited_by")
    public String editedBy;

    /** The edit's operations, as JSON. */
    public String edits;

    public static List<TaxonomyVersion> first(int limit) {
        return find("order by taxonomyId, version").page(0, limit).list();
    }

    public static Optional<TaxonomyVersion> latest(String taxonomyId) {
        return find("taxonomyId = ?1 order by version desc", taxonomyId).firstResultOptional();
    }

    /**
     * The latest version, read once this transaction holds the taxonomy's edit lock (until it ends): concurrent edits
     * of one taxonomy take turns, so that each after the first reads the version the first stored and finds its
     * basedOn stale (409) instead of colliding on the new version's key. A row lock on the latest version would not
     * do: a waiting statement keeps the snapshot it started with and would still read the old latest.
     */
    public static Optional<TaxonomyVersion> latestForEdit(String taxonomyId) {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('taxonomy-edit:' || ?1))")
                .setParameter(1, taxonomyId).getSingleResult();
        return latest(taxonomyId);
    }

    /** The composite primary key. */
    public static class Key implements Serializable {
        public String taxonomyId;
        public int version;

        public Key() {
        }

        public Key(String taxonomyId, int version) {
            this.taxonomyId = taxonomyId;
            this.version = version;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.version == version && Objects.equals(k.taxonomyId, taxonomyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(taxonomyId, version);
        }
    }
}
