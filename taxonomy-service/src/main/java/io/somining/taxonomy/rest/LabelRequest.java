package io.somining.taxonomy.rest;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * A label: taxonomy node ids (leaf or childless categories), or one of FALSE_POSITIVE, UNCLEAR,
 * PENDING alone; KEEP or DROP in a relevance round. The note is optional.
 */
public record LabelRequest(@NotEmpty @Size(max = 20) List<@NotNull String> labels, @Size(max = 4000) String note) {
}
