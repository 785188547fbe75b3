package io.somining.taxonomy.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Operations on the latest version of a taxonomy, applied in order into a new version.
 *
 * @param basedOn the version read before editing: an edit of anything else is refused (409)
 */
public record TaxonomyEditRequest(@NotNull Integer basedOn, @NotEmpty List<@Valid @NotNull Edit> operations) {

    /**
     * One operation; node ids are those of {@code basedOn} ({@code GET /taxonomies/{id}/nodes}).
     */
    public record Edit(
            @NotBlank @Schema(enumeration = { "add", "rename", "move", "merge", "delete" }) String op,
            @Schema(description = "The node renamed, moved, merged or deleted") String node,
            @Schema(description = "add and move: the new parent; absent for the top level") String parent,
            @Schema(description = "merge: the node that takes over the merged node's labels and children") String into,
            @Schema(description = "add and rename: the name") String name,
            @Schema(description = "add and rename: a description") String description) {
    }
}
