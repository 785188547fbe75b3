package io.somining.taxonomy.rest;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/**
 * A labeling round to create. The sample is drawn with {@code seed} from {@code population} (the
 * set's members as {@code site/postId}); without it, from the classifier's members of the study set
 * (of {@code site} only, if given), read with the caller's token. Its size is {@code size}, or else
 * computed for the confidence and margin, rounded up or truncated.
 *
 * A stratified sample takes {@code strata} (stratum name to members, instead of {@code population})
 * or {@code stratifyBy: "site"}; the size is then allocated to the strata in proportion to their
 * sizes, and so is the pilot.
 *
 * @param kind CATEGORY (label with the taxonomy's leaf categories) or RELEVANCE (KEEP or DROP)
 * @param pilotShare the share of the sample that forms the pilot (e.g. 0.3)
 */
public record NewRoundRequest(
        @NotBlank @Size(max = 200) String name,
        @NotBlank @Pattern(regexp = "CATEGORY|RELEVANCE") String kind,
        @NotBlank String studyId,
        @NotBlank String setId,
        String taxonomyId,
        @NotBlank String raterA,
        @NotBlank String raterB,
        @NotBlank String arbitrator,
        long seed,
        @Size(max = 5_000_000) List<@NotBlank String> population,
        String site,
        @Min(1) Integer size,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double confidence,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double margin,
        Boolean roundUp,
        @DecimalMin("0") @DecimalMax("1") Double pilotShare,
        @Size(max = 1000) Map<@NotBlank String, @Size(max = 5_000_000) List<@NotBlank String>> strata,
        @Pattern(regexp = "site") String stratifyBy) {
}
