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
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.QueryParam;
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

    @Inject
    io.somining.classifier.service.StudyCatalog catalog;

    @GET
    @Path("/counts")
    @Operation(operationId = "countClassifications", summary = "Per active study, how many questions of a site it classified and how many each set holds",
            description = "The figures the metrics' reconciliation compares with what ingest stored and the metrics counted;"
                    + " a question deleted by a later dump is not counted.")
    @APIResponse(responseCode = "200", description = "Counts (zeros for a site never classified)",
            content = @Content(schema = @Schema(implementation = SiteClassificationCountsView.class)))
    @APIResponse(responseCode = "400", description = "No site given",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SiteClassificationCountsView counts(@QueryParam("site") @NotBlank String site) {
        List<SiteClassificationCountsView.Study> studies = catalog.active().stream().map(study -> {
            var counts = store.siteCounts(study.definition().id(), site);
            return new SiteClassificationCountsView.Study(study.definition().id(), study.definition().version(),
                    counts.questions(), study.perDefinedSet(counts.members()));
        }).toList();
        return new SiteClassificationCountsView(site, studies);
    }

    @GET
    @Path("/{site}/{postId}")
    @Operation(operationId = "getQuestionClassifications", description = "For one stored question: its sets under every active study, the study version, and for each set the rules that matched and the text they matched.", summary = "A question's classification under every study")
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
