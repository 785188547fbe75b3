package io.somining.taxonomy.rest;

import java.util.List;

/** The version an edit made, what each operation did, and how many labeling rounds moved to it. */
public record TaxonomyEditView(TaxonomySummary version, List<String> changes, int roundsMoved) {
}
