package io.somining.metrics.rest;

import io.somining.contracts.Roles;
import io.somining.metrics.service.PipelineLag;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
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

    @GET
    @Path("/lag")
    @Operation(summary = "Events not yet consumed per consumer group and topic; drained when all are consumed")
    @APIResponse(responseCode = "200", description = "Lag",
            content = @Content(schema = @Schema(implementation = LagView.class)))
    @APIResponse(responseCode = "503", description = "The broker cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LagView lag() {
        return lag.lag();
    }
}
