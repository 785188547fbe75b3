package io.somining.classifier.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import io.somining.classifier.client.IngestQuestions;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import io.somining.classifier.study.StudyParser;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import io.somining.platform.rest.Logicals;
import jakarta.ws.rs.core.UriInfo;
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

    static final String YAML = "application/yaml";
    private static final MediaType YAML_TYPE = MediaType.valueOf(YAML);
    /** The request examples of publishing and validating a study (model-conversion.yaml, shortened). */
    static final String STUDY_EXAMPLE_JSON = "{\"id\": \"model-conversion\", \"version\": 1, \"title\": \"Converting deep-learning models between formats\", \"sets\": [{\"id\": \"DL\", \"name\": \"Deep-learning questions\", \"rule\": {\"tag\": {\"contains\": [\"tensorflow\", \"keras\", \"pytorch\", \"onnx\"]}}}, {\"id\": \"ONNX\", \"name\": \"ONNX export or import\", \"rule\": {\"all\": [{\"set\": \"DL\"}, {\"any\": [{\"tag\": {\"startsWith\": [\"onnx\"]}}, {\"text\": {\"words\": [\"onnx\"]}}]}]}}]}";
    static final String STUDY_EXAMPLE_YAML = "id: model-conversion\nversion: 1\ntitle: Converting deep-learning models between formats\nsets:\n  - id: DL\n    name: Deep-learning questions\n    rule:\n      tag:\n        contains: [tensorflow, keras, pytorch, onnx]\n";

    @Inject
    StudyCatalog catalog;

    @Inject
    ClassificationStore classifications;

    @Inject
    @RestClient
    IngestQuestions ingest;

    @GET
    @Operation(operationId = "listStudies", description = "Each active study at its latest version: id, version, title and sets. Paged with limit.", summary = "The active studies, each at its latest version")
    @APIResponse(responseCode = "200", description = "Studies",
            content = @Content(schema = @Schema(implementation = StudyView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<StudyView> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        return catalog.active().stream().limit(limit).map(s -> StudyView.of(s.definition())).toList();
    }

    @GET
    @Path("/{studyId}/definition")
    @Produces({ MediaType.APPLICATION_JSON, YAML })
    @Operation(operationId = "getStudyDefinition", summary = "The full definition of a study's latest version, rules included",
            description = "Of a retired study too: the definition its results were classified by. JSON by default; "
                    + "with Accept: application/yaml the document exactly as it was published (JSON or YAML, comments kept).")
    @APIResponse(responseCode = "200", description = "The definition", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StudyDocumentView.class)),
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response definition(@PathParam("studyId") String studyId, @Context HttpHeaders headers) {
        return document(published(studyId).document(), headers);
    }

    /** The document as JSON, or as published where YAML is asked for before JSON. */
    private static Response document(String published, HttpHeaders headers) {
        boolean asPublished = headers.getAcceptableMediaTypes().stream()
                .filter(type -> type.isCompatible(MediaType.APPLICATION_JSON_TYPE) || type.isCompatible(YAML_TYPE))
                .findFirst().map(type -> !type.isWildcardType() && type.isCompatible(YAML_TYPE)).orElse(false);
        return asPublished ? Response.ok(published, YAML).build()
                : Response.ok(StudyDocumentView.of(published), MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{studyId}/counts")
    @Operation(operationId = "getStudyCounts", summary = "How many classified questions each set holds",
            description = "Of a retired study too (retired: true): its results stay.")
    @APIResponse(responseCode = "200", description = "Members per set",
            content = @Content(schema = @Schema(implementation = SetCountsView.class)))
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SetCountsView counts(@PathParam("studyId") String studyId) {
        StudyCatalog.Published published = published(studyId);
        CompiledStudy study = published.study();
        return new SetCountsView(studyId, study.definition().version(),
                study.perDefinedSet(classifications.countsPerSet(studyId)), classifications.reviewedPerSet(studyId),
                published.retired());
    }

    @POST
    @Path("/{studyId}/dry-run")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "dryRunQuestion", summary = "Classify a question given in the request and explain every predicate, matched or not",
            description = "Nothing is stored or published.")
    @APIResponse(responseCode = "200", description = "Sets and explanation",
            content = @Content(schema = @Schema(implementation = DryRunView.class)))
    @APIResponse(responseCode = "400", description = "Invalid question",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DryRunView dryRun(@PathParam("studyId") String studyId,
            @RequestBody(description = "A question as it would be stored", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"title\": \"Serving a Keras model with TensorFlow Serving on Kubernetes\", \"body\": \"<p>I exported my model with <code>tf.saved_model.save</code> ...</p>\", \"tags\": [\"tensorflow-serving\", \"keras\", \"kubernetes\"]}"))) @Valid @NotNull DryRunRequest question) {
        CompiledStudy study = study(studyId);
        var text = new QuestionText("dry-run", 0, question.title(), question.body(),
                question.tags() == null ? List.of() : question.tags());
        return new DryRunView(studyId, study.definition().version(), study.classify(text).sets(), study.explain(text));
    }

    @GET
    @Path("/{studyId}/dry-run/{site}/{postId}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "dryRunStoredQuestion", summary = "Classify a stored question (read from the ingest service) and explain every predicate",
            description = "Nothing is stored or published. The caller's token is forwarded to the ingest service.")
    @APIResponse(responseCode = "200", description = "Sets and explanation",
            content = @Content(schema = @Schema(implementation = DryRunView.class)))
    @APIResponse(responseCode = "404", description = "No such study, or the ingest service has no such question",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The ingest service cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DryRunView dryRunStored(@PathParam("studyId") String studyId, @PathParam("site") String site,
            @PathParam("postId") long postId, @Context HttpHeaders headers) {
        CompiledStudy study = study(studyId);
        IngestQuestions.StoredQuestion question;
        try {
            question = ingest.question(site, postId, headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw new NotFoundException("the ingest service has no question " + site + "/" + postId);
            }
            throw new ServiceUnavailableException("the ingest service answered " + e.getResponse().getStatus()
                    + " for question " + site + "/" + postId);
        } catch (jakarta.ws.rs.ProcessingException e) {
            throw new ServiceUnavailableException("the ingest service cannot be reached: " + e.getMessage());
        }
        var text = new QuestionText(site, postId, question.title(), question.body(),
                question.tags() == null ? List.of() : question.tags());
        return new DryRunView(studyId, study.definition().version(), study.classify(text).sets(), study.explain(text));
    }

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, YAML, MediaType.TEXT_PLAIN })
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "publishStudy", summary = "Publish a study version (JSON or YAML)",
            description = "A new study, or a version above the study's latest. Versions are immutable: publishing a "
                    + "stored version again with the same content changes nothing (200), with other content is refused "
                    + "(409). A new version of a study reclassifies every ingested question in the background "
                    + "(see the reclassifications) and publishes only the questions that entered or left a set.")
    @APIResponse(responseCode = "201", description = "Published",
            content = @Content(schema = @Schema(implementation = StudyView.class)))
    @APIResponse(responseCode = "200", description = "This exact version was already published",
            content = @Content(schema = @Schema(implementation = StudyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid definition; the detail names the line and field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The version contradicts a published one",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response publish(
            @RequestBody(description = "The study definition, JSON or YAML", required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                            description = "a study definition (docs/studies.md)"),
                            examples = @ExampleObject(name = "json", value = STUDY_EXAMPLE_JSON)),
                    @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "yaml", value = STUDY_EXAMPLE_YAML)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)) }) @NotNull String document) {
        StudyCatalog.Publication publication = catalog.publish(document);
        StudyView view = StudyView.of(publication.definition());
        if (!publication.created()) {
            return Response.ok(view).build();
        }
        return Response.created(UriBuilder.fromResource(StudyResource.class)
                .path("{studyId}/versions/{version}/definition")
                .build(view.id(), view.version())).entity(view).build();
    }

    @POST
    @Path("/validate")
    @Consumes({ MediaType.APPLICATION_JSON, YAML, MediaType.TEXT_PLAIN })
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "validateStudy", description = "Parses and checks a study definition (JSON or YAML) as publishing would, without storing anything: 200 when it is valid, else 400 with every place that is wrong in errors[] (path, message and line).", summary = "Check a study definition without publishing it")
    @APIResponse(responseCode = "200", description = "Valid; the sets it defines",
            content = @Content(schema = @Schema(implementation = StudyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid definition; the detail names the line and field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public StudyView validate(
            @RequestBody(description = "The study definition to check, JSON or YAML", required = true, content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT,
                            description = "a study definition (docs/studies.md)"),
                            examples = @ExampleObject(name = "json", value = STUDY_EXAMPLE_JSON)),
                    @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING),
                            examples = @ExampleObject(name = "yaml", value = STUDY_EXAMPLE_YAML)),
                    @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = SchemaType.STRING)) }) @NotNull String document) {
        return StudyView.of(StudyParser.parse(document));
    }

    @DELETE
    @Path("/{studyId}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "retireStudy", summary = "Retire a study: new questions are no longer classified under it",
            description = "Its versions and results stay; publishing a new version makes it active again.")
    @APIResponse(responseCode = "204", description = "Retired")
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void retire(@PathParam("studyId") String studyId) {
        if (!catalog.retire(studyId)) {
            throw new NotFoundException("no study '" + studyId + "'");
        }
    }

    @GET
    @Path("/{studyId}/versions")
    @Operation(operationId = "listStudyVersions", description = "Every published version of the study with its title and when it was published; a retired study's versions stay listed. Paged with limit.", summary = "Every published version of a study, oldest first")
    @APIResponse(responseCode = "200", description = "Versions",
            content = @Content(schema = @Schema(implementation = StudyVersionView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such study",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<StudyVersionView> versions(@PathParam("studyId") String studyId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        var versions = catalog.versions(studyId);
        if (versions.isEmpty()) {
            throw new NotFoundException("no study '" + studyId + "'");
        }
        return versions.stream().limit(limit)
                .map(v -> new StudyVersionView(v.studyId, v.version, v.title, v.publishedAt)).toList();
    }

    @GET
    @Path("/{studyId}/versions/{version}/definition")
    @Produces({ MediaType.APPLICATION_JSON, YAML })
    @Operation(operationId = "getStudyVersionDefinition", description = "The definition of one published version, to "
            + "reproduce a classification or compare versions: JSON by default; with Accept: application/yaml exactly as "
            + "it was published.", summary = "A published version's definition")
    @APIResponse(responseCode = "200", description = "The definition", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StudyDocumentView.class)),
            @Content(mediaType = YAML, schema = @Schema(type = SchemaType.STRING)) })
    @APIResponse(responseCode = "404", description = "No such study or version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response versionDefinition(@PathParam("studyId") String studyId, @PathParam("version") int version,
            @Context HttpHeaders headers) {
        return document(catalog.versions(studyId).stream().filter(v -> v.version == version).findFirst()
                .map(v -> v.document)
                .orElseThrow(() -> new NotFoundException("no version " + version + " of study '" + studyId + "'")), headers);
    }

    @GET
    @Path("/{studyId}/versions/{version}/changes")
    @Operation(operationId = "listVersionChanges", summary = "What a version changed: the questions that entered or left each set, paged",
            description = "Recorded while the version reclassified the questions classified under the version "
                    + "before it. Pass next as after for the following page.")
    @APIResponse(responseCode = "200", description = "Counts per set and one page of questions",
            content = @Content(schema = @Schema(implementation = VersionChangesView.class)))
    @APIResponse(responseCode = "400", description = "Limit out of range or malformed cursor",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such study or version",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public VersionChangesView changes(@PathParam("studyId") String studyId, @PathParam("version") int version,
            @QueryParam("site") String site, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        var versions = catalog.versions(studyId);
        if (versions.stream().noneMatch(v -> v.version == version)) {
            throw new NotFoundException("no version " + version + " of study '" + studyId + "'");
        }
        int from = versions.stream().mapToInt(v -> v.version).filter(v -> v < version).max().orElse(0);
        PostCursor cursor = PostCursor.parse(after);
        var page = classifications.versionChanges(studyId, version, site, cursor.site(), cursor.postId(), limit);
        Map<String, VersionChangesView.SetChange> perSet = new LinkedHashMap<>();
        classifications.versionChangeCounts(studyId, version, site)
                .forEach((set, counts) -> perSet.put(set, new VersionChangesView.SetChange(counts[0], counts[1])));
        String next = PostCursor.next(page, limit, ClassificationStore.VersionChange::site,
                ClassificationStore.VersionChange::postId);
        return new VersionChangesView(studyId, from, version, perSet, page, next);
    }

    @GET
    @Path("/{studyId}/reclassifications")
    @Operation(operationId = "listReclassifications", description = "One entry per replay of the stored questions under a new version of the study, with its state and progress.", summary = "The replays that reclassified the ingested questions under each new version, with progress")
    @APIResponse(responseCode = "200", description = "Newest first",
            content = @Content(schema = @Schema(implementation = ReclassificationView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<ReclassificationView> reclassifications(@PathParam("studyId") String studyId,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        return catalog.reclassifications(studyId).stream().limit(limit).map(ReclassificationView::of).toList();
    }

    @GET
    @Path("/{studyId}/sets/{set}/members")
    @Operation(operationId = "listSetMembers", summary = "The questions a set holds, in (site, id) order, paged",
            description = "Pass next as after for the following page (absent on the last). With reviewed=true, only "
                    + "the reviewed members: those a relevance review (a taxonomy round) finally kept.")
    @APIResponse(responseCode = "200", description = "One page of members",
            content = @Content(schema = @Schema(implementation = MembersView.class)))
    @APIResponse(responseCode = "400", description = "Limit out of range, malformed cursor, reviewed not a logical value "
            + "R reads, or reviewed members asked of a set no relevance review decided",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such study or set",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MembersView members(@PathParam("studyId") String studyId, @PathParam("set") String set,
            @QueryParam("site") String site, @QueryParam("after") String after,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit,
            @QueryParam("reviewed") @Parameter(description = "Only the members a relevance review kept, as R's logical "
                    + "(TRUE, T, true, True, FALSE, ...); FALSE when absent", schema = @Schema(type = SchemaType.BOOLEAN)) String reviewed,
            @Context UriInfo uri) {
        boolean reviewedOnly = Logicals.optional("reviewed", reviewed, uri, false);
        // a retired study's members stay readable, as its counts
        CompiledStudy study = published(studyId).study();
        if (study.definition().sets().stream().noneMatch(s -> s.id().equals(set))) {
            throw new NotFoundException("study '" + studyId + "' has no set '" + set + "'");
        }
        if (reviewedOnly && !classifications.reviewedSets(studyId).contains(set)) {
            // an empty page would read as a review that kept nothing
            throw new IllegalArgumentException("reviewed: no relevance review of " + studyId + "/" + set
                    + " has reached the classifier (a taxonomy round of kind RELEVANCE on the set)");
        }
        PostCursor cursor = PostCursor.parse(after);
        var page = classifications.members(studyId, set, site, cursor.site(), cursor.postId(), limit, reviewedOnly);
        String next = PostCursor.next(page, limit, ClassificationStore.Member::site, ClassificationStore.Member::postId);
        return new MembersView(studyId, set, page, next);
    }

    private CompiledStudy study(String studyId) {
        return catalog.find(studyId).orElseThrow(() -> new NotFoundException("no study '" + studyId + "'"));
    }

    private StudyCatalog.Published published(String studyId) {
        return catalog.published(studyId).orElseThrow(() -> new NotFoundException("no study '" + studyId + "'"));
    }
}
