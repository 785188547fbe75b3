package io.somining.metrics.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import io.somining.platform.csv.Csv;

import io.somining.metrics.service.TrendService;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import io.somining.platform.rest.Logicals;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/studies/{studyId}")
@Tag(name = "Popularity", description = "Questions and askers per year")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class TrendResource {

    @Inject
    TrendService trends;

    @GET
    @Path("/sets")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getSetSizes", description = "Every set the study's latest version defines with the questions the metrics count in it (0 for a set without any yet); reviewedSets counts the named sets by their reviewed members. site counts one site only.", summary = "The sets of a study and their number of questions")
    @APIResponse(responseCode = "200", description = "Set sizes",
            content = @Content(schema = @Schema(implementation = SetSizesView.class)))
    @APIResponse(responseCode = "400", description = "reviewedSets names a set no relevance review has decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SetSizesView sets(@PathParam("studyId") String studyId,
            @QueryParam("site") @Parameter(description = "Count one site only, e.g. stackoverflow.com") String site,
            @QueryParam("reviewedSets") @Parameter(description = DifficultyResource.REVIEWED_SETS) String reviewedSets) {
        return trends.sets(studyId, site, reviewedSets == null ? java.util.Set.of()
                : java.util.Set.copyOf(DifficultyResource.sets(reviewedSets)));
    }

    @GET
    @Path("/sets/{setId}/trend")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getTrend", description = "For each year (UTC) with questions: the set's questions and the distinct users who asked them (questions without an owner count no user). from and to bound the years; reviewed=true counts only the members a relevance review kept. Accept: text/csv for CSV.", summary = "Questions and distinct askers per year (UTC) for one set")
    @APIResponse(responseCode = "200", description = "The trend",
            content = @Content(schema = @Schema(implementation = TrendView.class)))
    @APIResponse(responseCode = "400", description = "Invalid year range, reviewed is not a logical value R reads, or "
            + "no relevance review of the set has reached the metrics",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TrendView trend(@PathParam("studyId") String studyId, @PathParam("setId") String setId,
            @QueryParam("site") @Parameter(description = "Count one site only, e.g. stackoverflow.com") String site,
            @QueryParam("from") @Min(2008) @Max(2100) Integer from,
            @QueryParam("to") @Min(2008) @Max(2100) Integer to,
            @QueryParam("reviewed") @Parameter(description = DifficultyResource.REVIEWED, schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed,
            @Context UriInfo uri) {
        return trends.trend(studyId, setId, site, from, to, Logicals.optional("reviewed", reviewed, uri, false));
    }

    @GET
    @Path("/sets/{setId}/trend")
    @Produces(DifficultyResource.CSV)
    @Operation(operationId = "getTrendCsv", description = "The same figures as the JSON trend, one row per year: study, set, site, year, questions, users, reviewed.", summary = "The trend table as CSV: year, questions, distinct askers")
    @APIResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = DifficultyResource.CSV,
                    schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid year range, reviewed is not a logical value R reads, or "
            + "no relevance review of the set has reached the metrics",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified, or the study has no such set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String trendCsv(@PathParam("studyId") String studyId, @PathParam("setId") String setId,
            @QueryParam("site") String site,
            @QueryParam("from") @Min(2008) @Max(2100) Integer from,
            @QueryParam("to") @Min(2008) @Max(2100) Integer to,
            @QueryParam("reviewed") @Parameter(description = DifficultyResource.REVIEWED, schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed,
            @Context UriInfo uri) {
        TrendView view = trends.trend(studyId, setId, site, from, to, Logicals.optional("reviewed", reviewed, uri, false));
        StringBuilder csv = new StringBuilder("study,set,site,year,questions,users,reviewed\n");
        view.years().forEach(y -> csv.append(Csv.row(studyId, setId, site, y.year(), y.questions(), y.users(), view.reviewed())));
        return csv.toString();
    }
}
