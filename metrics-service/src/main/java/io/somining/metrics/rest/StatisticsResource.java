package io.somining.metrics.rest;

import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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

    /** R's {@code prop.test(x, n, correct)} for two groups: counts, read as numbers so that 1.5 is refused, not cut. */
    public record ProportionTestRequest(@NotNull @Size(min = 2, max = 2) List<@NotNull Double> x,
            @NotNull @Size(min = 2, max = 2) List<@NotNull Double> n, Boolean correct) {
    }

    @POST
    @Path("/summary")
    @Operation(operationId = "summarize", summary = "Summarize values as R does: quantile (type 7), mean, min, max, boxplot.stats",
            description = "Answers what the difficulty endpoints answer for a set's response times, for any values.")
    @APIResponse(responseCode = "200", description = "The summary",
            content = @Content(schema = @Schema(implementation = Summary.class)))
    @APIResponse(responseCode = "400", description = "No values, a value that is not a finite number, or too many",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Summary summary(
            @RequestBody(description = "The values to summarize", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"values\": [12.5, 40, 95.25, 380.39, 1440, 10080]}"))) @Valid @NotNull SummaryRequest request) {
        double[] values = new double[request.values().size()];
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            values[i] = request.values().get(i);
            sum += values[i];
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values[" + i + "]: not a finite number");
            }
        }
        if (!Double.isFinite(sum)) {
            throw new IllegalArgumentException("values: their sum is beyond the range of a double (about 1.8e308)");
        }
        return Summary.of(values);
    }

    @POST
    @Path("/prop-test")
    @Operation(operationId = "propTest", summary = "R's prop.test on two groups' counts",
            description = "Pearson's chi-squared test of equal proportions, df 1, with Yates' continuity correction "
                    + "unless correct is false; the 95 % interval of the difference.")
    @APIResponse(responseCode = "200", description = "The test",
            content = @Content(schema = @Schema(implementation = ProportionTest.class)))
    @APIResponse(responseCode = "422", description = "The test is undefined: all or no successes in both groups together (R: NaN)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Not two groups, a count that is not a whole number of 0 or more, or above its group's size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ProportionTest propTest(
            @RequestBody(description = "Successes and group sizes of two groups, as R's prop.test(x, n)", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"x\": [588, 1221], \"n\": [851, 1807], \"correct\": true}"))) @Valid @NotNull ProportionTestRequest request) {
        long[] x = new long[2];
        long[] n = new long[2];
        for (int i = 0; i < 2; i++) {
            x[i] = count("x[" + i + "]", request.x().get(i));
            n[i] = count("n[" + i + "]", request.n().get(i));
            if (n[i] < 1 || x[i] > n[i]) {
                throw new IllegalArgumentException("x[" + i + "], n[" + i + "]: need 0 <= x <= n and n >= 1, were "
                        + x[i] + " and " + n[i]);
            }
        }
        ProportionTest test = ProportionTest.of(x[0], n[0], x[1], n[1], !Boolean.FALSE.equals(request.correct()));
        if (test == null) {
            // well formed, but no test follows from it: 422, a problem document by the platform's mapper
            throw new jakarta.ws.rs.ClientErrorException("the test is undefined: " + (x[0] + x[1] == 0 ? "no" : "every")
                    + " question of both groups together is a success (R answers X-squared NaN, p-value NA)", 422);
        }
        return test;
    }

    private static long count(String name, double value) {
        if (value < 0 || value != Math.rint(value) || value > 1e15) {
            throw new IllegalArgumentException(name + ": a count is a whole number of 0 or more, was " + value);
        }
        return (long) value;
    }
}
