package io.somining.metrics.rest;

import io.somining.contracts.Roles;
import io.somining.metrics.service.PipelineLag;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Freshness", description = "Whether the figures are final")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class PipelineResource {

    @Inject
    PipelineLag lag;

    @Inject
    io.somining.metrics.service.PipelineConsistency consistency;

    @GET
    @Path("/consistency")
    @Operation(operationId = "getConsistency", summary = "One site across the pipeline: what ingest stored, the classifier classified and the metrics counted",
            description = "Names every difference: questions (ingest against the metrics and each active study of the"
                    + " classifier), response times (questions whose accepted answer is stored, against those the metrics"
                    + " hold a time for) and the members of each set (classifier against metrics). settled says whether"
                    + " events are still on their way (outboxes, consumer lag) or the site's figures wait for their count from"
                    + " scratch: a difference once settled is a defect."
                    + " Counts every stored post of the site: seconds on Stack Overflow's size.")
    @APIResponse(responseCode = "200", description = "The reconciliation",
            content = @Content(schema = @Schema(implementation = ConsistencyView.class)))
    @APIResponse(responseCode = "400", description = "No site given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The ingest or classifier service, or the broker, cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConsistencyView consistency(@QueryParam("site") @NotBlank String site, @Context HttpHeaders headers) {
        return consistency.check(site, headers.getHeaderString(HttpHeaders.AUTHORIZATION));
    }

    @GET
    @Path("/lag")
    @Operation(operationId = "getConsumerLag", description = "For every consumer group of the suite and each topic it reads: events published but not yet consumed. drained is true when every lag is 0. aggregating lists the sites whose figures wait for their count from scratch (after a consumer caught up on a backlog of them, once their events stop coming): the figures are final for what has been ingested when drained and aggregating is empty.", summary = "Events not yet consumed per consumer group and topic; drained when all are consumed")
    @APIResponse(responseCode = "200", description = "Lag",
            content = @Content(schema = @Schema(implementation = LagView.class)))
    @APIResponse(responseCode = "503", description = "The broker cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LagView lag() {
        return lag.lag();
    }
}
