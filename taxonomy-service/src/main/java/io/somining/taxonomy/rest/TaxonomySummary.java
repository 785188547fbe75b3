package io.somining.taxonomy.rest;

import io.somining.taxonomy.repository.TaxonomyVersion;
import java.time.Instant;

/** A stored taxonomy version, without its tree. */
public record TaxonomySummary(String id, int version, String name, String source, Instant publishedAt) {

    public static TaxonomySummary of(TaxonomyVersion version) {
        return new TaxonomySummary(version.taxonomyId, version.version, version.name, version.source,
                version.publishedAt);
    }
}
