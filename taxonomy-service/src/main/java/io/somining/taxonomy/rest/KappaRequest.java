package io.somining.taxonomy.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Two raters' labels of the same items, in the same order (a label per item; e.g. a category, or keep/drop). */
public record KappaRequest(@NotNull @Size(max = 100_000) List<@NotNull String> a,
        @NotNull @Size(max = 100_000) List<@NotNull String> b) {
}
