package io.somining.classifier.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** A question given in the request, as a dump row would have it (the body is HTML). */
public record DryRunRequest(@NotNull @Size(max = 1000) String title, @Size(max = 1_000_000) String body,
        @Size(max = 20) List<@NotNull String> tags) {
}
