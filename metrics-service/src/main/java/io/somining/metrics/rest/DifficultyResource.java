package io.somining.metrics.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.somining.platform.csv.Csv;

import io.somining.contracts.Roles;
import io.somining.metrics.service.DifficultyService;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import io.somining.platform.rest.Logicals;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/studies/{studyId}")
@Tag(name = "Difficulty", description = "Accepted answers, response times, survival and comparisons")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class DifficultyResource {

    static final String CSV = "text/csv";

    static final String REVIEWED = "Only the set's members a relevance review (a taxonomy round of kind RELEVANCE) kept, "
            + "as R's logical (TRUE, T, true, True, FALSE, ...); FALSE when absent. The figures of a set whose rules "
            + "only find candidates (needsReview) as the method defines them: rules, then review";

    static final String REMAINDER_OF_DAY = "A diagnostic, as R's logical (TRUE, T, true, True, FALSE, ...): summarize "
            + "each response time's remainder after whole days (what Python's timedelta.seconds / 60 gives, milliseconds "
            + "kept), to test whether a published result dropped whole days; the FSE 2020 paper's released times do";

    static final String REVIEWED_SETS = "Sets of the request (comma-separated) that count only the members a relevance "
            + "review (a taxonomy round of kind RELEVANCE) kept, e.g. E for a set whose rules only find candidates "
            + "(needsReview); the other sets count all their members";

    @Inject
    DifficultyService difficulty;

    @GET
    @Path("/sets/{setId}/difficulty")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getDifficulty", summary = "Questions without an accepted answer and minutes to the accepted answer, as R would summarize them",
            description = "Quantiles of type 7 (R's default), box-plot statistics as boxplot.stats (Tukey's hinges, "
                    + "whiskers at 1.5 times the hinge spread), outliers counted and listed (up to 1,000).")
    @APIResponse(responseCode = "200", description = "The figures",
            content = @Content(schema = @Schema(implementation = DifficultyView.class)))
    @APIResponse(responseCode = "400", description = "A logical parameter is not one R reads, or reviewed names a set no "
            + "relevance review has decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DifficultyView difficulty(@PathParam("studyId") String studyId, @PathParam("setId") String setId,
            @QueryParam("site") @Parameter(description = "One site only, e.g. stackoverflow.com") String site,
            @QueryParam("remainderOfDay") @Parameter(description = REMAINDER_OF_DAY, schema = @Schema(type = SchemaType.BOOLEAN)) String remainderOfDay,
            @QueryParam("reviewed") @Parameter(description = REVIEWED, schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed, @Context UriInfo uri) {
        return view(studyId, setId, site, remainderOfDay, reviewed, uri);
    }

    private DifficultyView view(String studyId, String setId, String site, String remainderOfDay, String reviewed, UriInfo uri) {
        boolean reviewedOnly = Logicals.optional("reviewed", reviewed, uri, false);
        return Logicals.optional("remainderOfDay", remainderOfDay, uri, false)
                ? difficulty.difficultyWithinDay(studyId, setId, site, reviewedOnly)
                : difficulty.difficulty(studyId, setId, site, reviewedOnly);
    }

    @GET
    @Path("/sets/{setId}/difficulty")
    @Produces(CSV)
    @Operation(operationId = "getDifficultyCsv", description = "The same figures as the JSON difficulty in one row: counts, share without an accepted answer, the response times' mean, quartiles, box-plot statistics, outliers, min and max, and whether reviewed or remainderOfDay was asked.", summary = "The difficulty table as CSV (one row: the set's figures)")
    @APIResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = CSV, schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "A logical parameter is not one R reads, or reviewed names a set no "
            + "relevance review has decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String difficultyCsv(@PathParam("studyId") String studyId, @PathParam("setId") String setId,
            @QueryParam("site") String site,
            @QueryParam("remainderOfDay") @Parameter(description = REMAINDER_OF_DAY, schema = @Schema(type = SchemaType.BOOLEAN)) String remainderOfDay,
            @QueryParam("reviewed") @Parameter(description = REVIEWED, schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed, @Context UriInfo uri) {
        DifficultyView view = view(studyId, setId, site, remainderOfDay, reviewed, uri);
        var s = view.responseMinutes();
        StringBuilder csv = new StringBuilder("study,set,site,questions,without_accepted_answer,share_without_accepted_answer,"
                + "accepted_without_time,answered,mean_minutes,q1,median,q3,lower_whisker,lower_hinge,upper_hinge,"
                + "upper_whisker,outliers,min,max,reviewed,remainder_of_day\n");
        csv.append(Csv.row(view.studyId(), view.setId(), view.site(), view.questions(), view.withoutAcceptedAnswer(),
                view.shareWithoutAcceptedAnswer(), view.acceptedWithoutTime(), s == null ? 0 : s.count(),
                s == null ? null : s.mean(), s == null ? null : s.q1(), s == null ? null : s.median(),
                s == null ? null : s.q3(), s == null ? null : s.box().lowerWhisker(),
                s == null ? null : s.box().lowerHinge(), s == null ? null : s.box().upperHinge(),
                s == null ? null : s.box().upperWhisker(), s == null ? 0 : s.outlierCount(), s == null ? null : s.min(),
                s == null ? null : s.max(), view.reviewed(), Logicals.optional("remainderOfDay", remainderOfDay, uri, false)));
        return csv.toString();
    }

    @GET
    @Path("/compare")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "compareGroups", summary = "Compare two groups' shares without an accepted answer with R's prop.test",
            description = "Each group is a set or the union of sets (a=C,D,E). Pearson's chi-squared with Yates' "
                    + "continuity correction unless correct=false, df = 1. The FSE 2020 comparison: a=C,D,E&b=N.")
    @APIResponse(responseCode = "200", description = "Both groups and the test (null when undefined)",
            content = @Content(schema = @Schema(implementation = ComparisonView.class)))
    @APIResponse(responseCode = "400", description = "A group is missing, correct is not a logical value R reads, or "
            + "reviewedSets names a set of neither group",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ComparisonView compare(@PathParam("studyId") String studyId,
            @QueryParam("a") @NotBlank @Parameter(description = "Sets of the first group, comma-separated") String a,
            @QueryParam("b") @NotBlank @Parameter(description = "Sets of the second group, comma-separated") String b,
            @QueryParam("site") String site,
            @QueryParam("reviewedSets") @Parameter(description = REVIEWED_SETS) String reviewedSets,
            @QueryParam("correct") @Parameter(description = "Yates' continuity correction, as R's logical: TRUE, T,"
                    + " true, True, FALSE, F, false, False; TRUE when absent", schema = @Schema(type = SchemaType.BOOLEAN)) String correct,
            @Context UriInfo uri) {
        List<String> first = sets(a);
        List<String> second = sets(b);
        return difficulty.compare(studyId, first, second, site,
                reviewedSets(reviewedSets, java.util.stream.Stream.concat(first.stream(), second.stream()).toList()),
                Logicals.optional("correct", correct, uri, true));
    }

    /** The sets named by reviewedSets, each one a set the request asks for. */
    static java.util.Set<String> reviewedSets(String commaSeparated, List<String> asked) {
        if (commaSeparated == null) {
            return java.util.Set.of();
        }
        List<String> named = sets(commaSeparated);
        List<String> strangers = named.stream().filter(set -> !asked.contains(set)).toList();
        if (!strangers.isEmpty()) {
            throw new IllegalArgumentException("reviewedSets: " + String.join(", ", strangers) + (strangers.size() == 1 ? " is" : " are")
                    + " not among the sets asked for (" + String.join(", ", asked.stream().distinct().toList()) + ")");
        }
        return java.util.Set.copyOf(named);
    }

    @GET
    @Path("/sets/{setId}/survival")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSurvival", summary = "Time to an accepted answer as a Kaplan-Meier curve, unanswered questions censored where observation of their site ends",
            description = "As R's survfit: Greenwood variance, log-scale 95 % limits; the median and its interval. "
                    + "A question without an accepted answer is censored at the newest post of its site's latest dump "
                    + "(a question or an accepted answer): observation ends there. curve=false leaves the curve's steps out.")
    @APIResponse(responseCode = "200", description = "The estimate",
            content = @Content(schema = @Schema(implementation = SurvivalView.class)))
    @APIResponse(responseCode = "400", description = "A logical parameter is not one R reads, or reviewed names a set no "
            + "relevance review has decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SurvivalView survival(@PathParam("studyId") String studyId, @PathParam("setId") String setId,
            @QueryParam("site") String site,
            @QueryParam("curve") @Parameter(description = "The curve's steps, as R's logical; TRUE when absent", schema = @Schema(type = SchemaType.BOOLEAN)) String curve,
            @QueryParam("reviewed") @Parameter(description = REVIEWED, schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed, @Context UriInfo uri) {
        return difficulty.survival(studyId, setId, site, Logicals.optional("reviewed", reviewed, uri, false),
                Logicals.optional("curve", curve, uri, true));
    }

    /** Set ids given comma-separated ({@code C,D,E}), as every endpoint that takes a group of sets reads them. */
    static List<String> sets(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
