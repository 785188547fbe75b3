package io.somining.platform.outbox;

import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.quarkus.arc.properties.IfBuildProperty;
import io.somining.contracts.Roles;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The outbox of a service that publishes events: its backlog, and pausing its publishing. */
@Path("/outbox")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Outbox", description = "Events written with the state they report, waiting to be published")
@IfBuildProperty(name = "suite.outbox.enabled", stringValue = "true")
public class OutboxResource {

    /** Why publishing is paused, kept with the pause for whoever finds it. */
    public record PauseRequest(@NotBlank @Size(max = 500) String reason) {
    }

    @Inject
    OutboxControl control;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getOutboxStatus", description = "Rows and events written but not yet published to Kafka, when the oldest was written, rows set aside as dead, and whether publishing is paused (since when, by whom, why).", summary = "What waits to be published, and whether publishing is paused")
    @APIResponse(responseCode = "200", description = "The outbox",
            content = @Content(schema = @Schema(implementation = OutboxStatus.class)))
    public OutboxStatus status() {
        return control.status();
    }

    @PUT
    @Path("/pause")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "pauseOutbox", summary = "Pause publishing",
            description = "Events written from now on wait in the outbox, in order, until publishing resumes; a step "
                    + "of the relay already under way finishes. Holds for every replica and across restarts. "
                    + "Pausing again keeps the first pause. A large first load finishes sooner with publishing paused, "
                    + "since then it has the machine to itself.")
    @APIResponse(responseCode = "200", description = "Paused",
            content = @Content(schema = @Schema(implementation = OutboxStatus.class)))
    @APIResponse(responseCode = "400", description = "No reason, or one too long",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public OutboxStatus pause(
            @RequestBody(description = "Why publishing pauses, shown to every operator", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"reason\": \"broker maintenance until 14:00 UTC\"}"))) @Valid @NotNull PauseRequest request, @Context SecurityContext security) {
        return control.pause(security.getUserPrincipal().getName(), request.reason());
    }

    @DELETE
    @Path("/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "resumeOutbox", summary = "Resume publishing", description = "The relay publishes what waited, oldest first. Resuming "
            + "when nothing is paused changes nothing.")
    @APIResponse(responseCode = "200", description = "Publishing",
            content = @Content(schema = @Schema(implementation = OutboxStatus.class)))
    public OutboxStatus resume(@Context SecurityContext security) {
        return control.resume(security.getUserPrincipal().getName());
    }
}
