package io.somining.classifier.rest;

import io.somining.classifier.repository.ClassificationStore;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/classifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Classifications", description = "Which sets a question belongs to, and why")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class ClassificationResource {

    @Inject
    ClassificationStore store;

    @GET
    @Path("/{site}/{postId}")
    @Operation(summary = "A question's classification under every study")
    @APIResponse(responseCode = "200", description = "One entry per study",
            content = @Content(schema = @Schema(implementation = ClassificationView[].class)))
    @APIResponse(responseCode = "404", description = "The question was never classified",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ClassificationView> forQuestion(@PathParam("site") String site, @PathParam("postId") long postId) {
        List<ClassificationView> views = store.forQuestion(site, postId).stream()
                .map(s -> new ClassificationView(s.studyId(), s.studyVersion(), s.sets(), s.matchesJson()))
                .toList();
        if (views.isEmpty()) {
            throw new NotFoundException("question " + site + "/" + postId + " is not classified");
        }
        return views;
    }
}
