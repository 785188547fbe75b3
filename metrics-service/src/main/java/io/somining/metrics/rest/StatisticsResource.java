package io.somining.metrics.rest;

import io.somining.contracts.Roles;
import io.somining.metrics.stats.ProportionTest;
import io.somining.metrics.stats.Summary;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The suite's R-matching statistics on figures a client brings: a published result file's values, or
 * the counts a paper states (to check that its test statistic follows from them).
 */
@Path("/statistics")
@Tag(name = "Statistics", description = "R's summaries and tests on values and counts given in the request")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class StatisticsResource {

    /** At most this many values per request (the gateway limits the body first). */
    static final int MAX_VALUES = 1_000_000;

    /** @param values the sample, e.g. minutes to the accepted answer */
    public record SummaryRequest(@NotNull @Size(min = 1, max = MAX_VALUES) List<@NotNull Double> values) {
    }

    /** R's {@code prop.test(x, n, correct)} for two groups. */
    public record ProportionTestRequest(@NotNull @Size(min = 2, max = 2) List<@NotNull Long> x,
            @NotNull @Size(min = 2, max = 2) List<@NotNull Long> n, Boolean correct) {
    }

    @POST
    @Path("/summary")
    @Operation(summary = "Summarize values as R does: quantile (type 7), mean, min, max, boxplot.stats",
            description = "Answers what the difficulty endpoints answer for a set's response times, for any values.")
    @APIResponse(responseCode = "200", description = "The summary",
            content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "No values, a value that is not a finite number, or too many",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary summary(@Valid @NotNull SummaryRequest request) {
        double[] values = new double[request.values().size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = request.values().get(i);
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "]: not a finite number");
            }
        }
        return Summary.of(values);
    }

    @POST
    @Path("/prop-test")
    @Operation(summary = "R's prop.test on two groups' counts",
            description = "Pearson's chi-squared test of equal proportions, df 1, with Yates' continuity correction "
                    + "unless correct is false; the 95 % interval of the difference.")
    @APIResponse(responseCode = "200", description = "The test",
            content = @Content(schema = @Schema(implementation = ProportionTest.class)))
    @APIResponse(responseCode = "204", description = "The test is undefined: all or no successes in both groups together")
    @APIResponse(responseCode = "400", description = "Not two groups, or a count below 0 or above its group's size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ProportionTest propTest(@Valid @NotNull ProportionTestRequest request) {
        for (int i = 0; i < 2; i++) {
            if (request.n().get(i) < 1 || request.x().get(i) < 0 || request.x().get(i) > request.n().get(i)) {
                throw new IllegalArgumentException("x[" + i + "], n[" + i + "]: need 0 <= x <= n and n >= 1, were "
                        + request.x().get(i) + " and " + request.n().get(i));
            }
        }
        return ProportionTest.of(request.x().get(0), request.n().get(0), request.x().get(1), request.n().get(1),
                !Boolean.FALSE.equals(request.correct()));
    }
}
