package io.somining.gateway.rest;

import io.somining.gateway.proxy.BackendHealth;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Collection;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Gateway", description = "The suite as the gateway sees it")
public class GatewayStatusResource {

    @Inject
    BackendHealth health;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getServiceStatus", description = "Each service's readiness (UP, DOWN with the failing checks, or UNREACHABLE) as the gateway last polled it (every 2 s), with when it was checked.", summary = "Readiness of every service behind the gateway, as last polled")
    @APIResponse(responseCode = "200", description = "One entry per service",
            content = @Content(schema = @Schema(implementation = BackendHealth.Status[].class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token",
            content = @Content(mediaType = io.somining.gateway.proxy.Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The token's roles do not admit this operation",
            content = @Content(mediaType = io.somining.gateway.proxy.Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "429", description = "Over the rate limit; Retry-After says when to ask again",
            content = @Content(mediaType = io.somining.gateway.proxy.Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Collection<BackendHealth.Status> status() {
        return health.all().values();
    }
}
