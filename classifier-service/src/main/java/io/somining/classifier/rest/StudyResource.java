package io.somining.classifier.rest;

import io.somining.classifier.repository.ClassificationStore;
import io.somining.classifier.service.StudyCatalog;
import io.somining.classifier.study.CompiledStudy;
import io.somining.classifier.study.QuestionText;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/studies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Studies", description = "Study definitions and the sizes of their sets")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
public class StudyResource {

    @Inject
    StudyCatalog catalog;

    @Inject
    ClassificationStore classifications;

    @GET
    @Operation(summary = "The active studies, each at its latest version")
    @APIResponse(responseCode = "200", description = "Studies",
            content = @Content(schema = @Schema(implementation = StudyView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<StudyView> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        return catalog.active().stream().limit(limit).map(s -> StudyView.of(s.definition())).toList();
    }

    @GET
    @Path("/{studyId}/definition")
    @Operation(summary = "The full definition of a study's active version, rules included")
    @APIResponse(responseCode = "200", description = "The definition document")
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String definition(@PathParam("studyId") String studyId) {
        return catalog.document(studyId).orElseThrow(() -> new NotFoundException("no study '" + studyId + "'"));
    }

    @GET
    @Path("/{studyId}/counts")
    @Operation(summary = "How many classified questions each set holds")
    @APIResponse(responseCode = "200", description = "Members per set",
            content = @Content(schema = @Schema(implementation = SetCountsView.class)))
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SetCountsView counts(@PathParam("studyId") String studyId) {
        CompiledStudy study = study(studyId);
        Map<String, Long> stored = classifications.countsPerSet(studyId);
        Map<String, Long> members = new LinkedHashMap<>();
        study.definition().sets().forEach(s -> members.put(s.id(), stored.getOrDefault(s.id(), 0L)));
        return new SetCountsView(studyId, study.definition().version(), members);
    }

    @POST
    @Path("/{studyId}/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(summary = "Classify a question given in the request and explain every predicate, matched or not",
            description = "Nothing is stored or published.")
    @APIResponse(responseCode = "200", description = "Sets and explanation",
            content = @Content(schema = @Schema(implementation = DryRunView.class)))
    @APIResponse(responseCode = "400", description = "Invalid question",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DryRunView dryRun(@PathParam("studyId") String studyId, @Valid @NotNull DryRunRequest question) {
        CompiledStudy study = study(studyId);
        var text = new QuestionText("dry-run", 0, question.title(), question.body(),
                question.tags() == null ? List.of() : question.tags());
        return new DryRunView(studyId, study.definition().version(), study.classify(text).sets(), study.explain(text));
    }

    private CompiledStudy study(String studyId) {
        return catalog.find(studyId).orElseThrow(() -> new NotFoundException("no study '" + studyId + "'"));
    }
}
