package io.somining.metrics.rest;

import io.somining.contracts.Roles;
import io.somining.metrics.service.ChartService;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import io.somining.platform.rest.Logicals;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/studies/{studyId}/charts")
@Produces(ChartResource.SVG)
@Tag(name = "Charts", description = "The study's figures as SVG")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class ChartResource {

    static final String SVG = "image/svg+xml";

    @Inject
    ChartService charts;

    @GET
    @Path("/trend")
    @Operation(operationId = "drawTrendChart", description = "An SVG line chart, one line per set (colour-blind safe colours, markers per set), every year of the range on the axis; measure=users draws distinct askers. reviewedSets draws the named sets from their reviewed members.", summary = "Questions (or distinct askers) per year, one line per set")
    @APIResponse(responseCode = "200", description = "An SVG document",
            content = @Content(mediaType = SVG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "No sets, an invalid year range, or reviewedSets names a set not drawn",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String trend(@PathParam("studyId") String studyId, @QueryParam("sets") @NotBlank String sets,
            @QueryParam("measure") @DefaultValue("questions") ChartService.Measure measure,
            @QueryParam("site") String site,
            @QueryParam("from") @Min(2008) @Max(2100) Integer from,
            @QueryParam("to") @Min(2008) @Max(2100) Integer to,
            @QueryParam("reviewedSets") @Parameter(description = DifficultyResource.REVIEWED_SETS) String reviewedSets) {
        List<String> drawn = DifficultyResource.sets(sets);
        return charts.trend(studyId, drawn, measure, site, from, to, DifficultyResource.reviewedSets(reviewedSets, drawn));
    }

    @GET
    @Path("/response-times")
    @Operation(operationId = "drawResponseTimesChart", description = "An SVG box plot per set as R's boxplot draws it (Tukey's hinges, whiskers at 1.5 times the hinge spread, every listed outlier a circle, the axis up to the largest value); log=true draws a log axis in decades.", summary = "Box plots of the minutes to the accepted answer, one per set (R's boxplot.stats)")
    @APIResponse(responseCode = "200", description = "An SVG document",
            content = @Content(mediaType = SVG, schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "No sets, log not a logical value R reads, or reviewedSets names a set "
            + "not drawn",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No question of this study has been classified",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String responseTimes(@PathParam("studyId") String studyId, @QueryParam("sets") @NotBlank String sets,
            @QueryParam("site") String site,
            @QueryParam("log") @Parameter(description = "A log axis (decades), as R's logical; FALSE when absent", schema = @Schema(type = SchemaType.BOOLEAN)) String log,
            @QueryParam("reviewedSets") @Parameter(description = DifficultyResource.REVIEWED_SETS) String reviewedSets,
            @Context UriInfo uri) {
        List<String> drawn = DifficultyResource.sets(sets);
        return charts.responseTimes(studyId, drawn, site, DifficultyResource.reviewedSets(reviewedSets, drawn),
                Logicals.optional("log", log, uri, false));
    }
}
