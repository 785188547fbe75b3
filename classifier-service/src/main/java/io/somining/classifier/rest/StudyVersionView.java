package io.somining.classifier.rest;

import java.time.Instant;

/** A published version of a study. */
public record StudyVersionView(String studyId, int version, String title, Instant publishedAt) {
}
