package io.somining.classifier.rest;

import io.somining.classifier.repository.ClassificationStore;
import java.util.List;

/** One page of a set's members; pass {@code next} as {@code after} for the following page (absent on the last). */
public record MembersView(String studyId, String set, List<ClassificationStore.Member> items, String next) {
}
