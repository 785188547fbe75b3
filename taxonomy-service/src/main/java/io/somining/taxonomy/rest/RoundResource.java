package io.somining.taxonomy.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.quarkus.security.identity.SecurityIdentity;
import io.somining.contracts.Roles;
import io.somining.platform.problem.Problem;
import io.somining.taxonomy.labeling.LabelingService;
import io.somining.taxonomy.repository.LabelingStore;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import io.somining.taxonomy.client.SetMembers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/rounds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Labeling", description = "Samples, two blind raters, kappa, arbitration, category shares")
public class RoundResource {

    private static final String NOT_FOUND = "No such round, or the question is not in its sample";

    @Inject
    LabelingService labeling;

    @Inject
    SecurityIdentity identity;

    @Inject
    SetMembers members;

    @Context
    HttpHeaders headers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "createRound", description = "Draws a seeded sample of a study set's members (simple or stratified, of the size given or Cochran's size for the confidence and margin), names raters A and B and the arbitrator by token subject; kind CATEGORY labels with the taxonomy's leaves, RELEVANCE with KEEP or DROP. 201 with Location.", summary = "Create a labeling round: draw a seeded sample, name two raters and an arbitrator")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(schema = @Schema(implementation = LabelingStore.Round.class)))
    @APIResponse(responseCode = "400", description = "Invalid request (the detail names the field)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The classifier, which holds the set's members, cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(
            @RequestBody(description = "The round: its sample (seeded), its raters and arbitrator by token subject", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"name\": \"fse2020 server/cloud (set C), round 1\", \"kind\": \"CATEGORY\", \"studyId\": \"fse2020\", \"setId\": \"C\", \"taxonomyId\": \"deployment-challenges\", \"raterA\": \"alice\", \"raterB\": \"bob\", \"arbitrator\": \"carol\", \"seed\": 2020, \"confidence\": 0.95, \"margin\": 0.05, \"pilotShare\": 0.3}"))) @Valid @NotNull NewRoundRequest request) {
        LabelingStore.Round round = labeling.create(new LabelingService.NewRound(request.name(), request.kind(),
                request.studyId(), request.setId(), request.taxonomyId(), request.raterA(), request.raterB(),
                request.arbitrator(), request.seed(), () -> strata(request), request.size(),
                request.confidence() == null ? 0.95 : request.confidence(),
                request.margin() == null ? 0.05 : request.margin(), !Boolean.FALSE.equals(request.roundUp()),
                request.pilotShare() == null ? 0 : request.pilotShare()), user());
        return Response.created(UriBuilder.fromResource(RoundResource.class).path("{id}").build(round.id()))
                .entity(round).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "listRounds", summary = "Labeling rounds, newest first; with mine=true those the caller rates or arbitrates",
            description = "Each round as created (no labels). A rater's queue starts here: mine=true, then the round's "
                    + "assignments. Paged with offset and limit.")
    @APIResponse(responseCode = "200", description = "Rounds",
            content = @Content(schema = @Schema(implementation = LabelingStore.Round[].class)))
    public List<LabelingStore.Round> rounds(
            @QueryParam("mine") @Parameter(description = "Only the rounds the caller rates or arbitrates, as R's logical",
                    schema = @Schema(type = SchemaType.BOOLEAN)) String mine,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit, @Context UriInfo uri) {
        return page(labeling.rounds(user(), io.somining.platform.rest.Logicals.optional("mine", mine, uri, false)), offset,
                limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getRound", description = "The round as created: its kind, study and set, taxonomy, raters, arbitrator, seed and sample.", summary = "A round: its set, taxonomy, raters, arbitrator and seed")
    @APIResponse(responseCode = "200", description = "The round",
            content = @Content(schema = @Schema(implementation = LabelingStore.Round.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LabelingStore.Round round(@PathParam("id") UUID id) {
        return labeling.round(id);
    }

    @GET
    @Path("/{id}/items")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "listRoundItems", description = "Every sampled question with its position in the draw; the first ones (the pilot fraction) are the questions both raters label first. Paged with offset and limit.", summary = "The sampled questions in the order the seed drew them; the first ones are the pilot")
    @APIResponse(responseCode = "200", description = "The sample",
            content = @Content(schema = @Schema(implementation = LabelingStore.Item[].class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingStore.Item> items(@PathParam("id") UUID id, @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        return page(labeling.items(id), offset, limit);
    }

    @GET
    @Path("/{id}/assignments")
    @RolesAllowed(Roles.RATER)
    @Operation(operationId = "listAssignments", description = "For a rater of the round: each question to label with the caller's own labels so far; the other rater's labels are withheld until both have labeled. Paged with offset and limit.", summary = "The caller's questions in the round, with the caller's own labels (never the other rater's)")
    @APIResponse(responseCode = "200", description = "Assignments",
            content = @Content(schema = @Schema(implementation = LabelingService.Assignment[].class)))
    @APIResponse(responseCode = "403", description = "The caller is not a rater of this round",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingService.Assignment> assignments(@PathParam("id") UUID id, @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        return page(labeling.assignments(id, user()), offset, limit);
    }

    @PUT
    @Path("/{id}/items/{site}/{postId}/label")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.RATER)
    @Operation(operationId = "labelItem", summary = "Label a question of the sample (the caller must be one of the round's raters)",
            description = "Labeling again replaces the caller's label (every step is kept) until both raters have labeled "
                    + "the question: from then on each can see the other's label, and a change is refused (409); the "
                    + "same labels again answer the stored label.")
    @APIResponse(responseCode = "200", description = "The stored label",
            content = @Content(schema = @Schema(implementation = LabelingStore.Entry.class)))
    @APIResponse(responseCode = "400", description = "A label that is not a leaf category of the round's taxonomy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The caller is not a rater of this round",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Both raters have labeled the question and the caller's labels differ "
            + "from the stored ones: a change would not be blind",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LabelingStore.Entry label(@PathParam("id") UUID id, @PathParam("site") String site,
            @PathParam("postId") long postId,
            @RequestBody(description = "The rater's labels: leaf node ids of the round's taxonomy, or FALSE_POSITIVE, UNCLEAR, PENDING (KEEP or DROP in a relevance round)", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"labels\": [\"42\"], \"note\": \"conversion to TF Lite fails on a custom op\"}"))) @Valid @NotNull LabelRequest label) {
        return labeling.label(id, site, postId, user(), label.labels(), label.note());
    }

    @GET
    @Path("/{id}/items/{site}/{postId}/labels")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER })
    @Operation(operationId = "getItemLabels", description = "The steps on one question in order (rater labels, agreement, the arbitrator's decision); the other rater's labels are shown to a rater only once both have labeled, and to people outside the round not at all.", summary = "Every step on a question: a rater sees the other rater's labels only once both have labeled it")
    @APIResponse(responseCode = "200", description = "Labels and decisions, oldest first",
            content = @Content(schema = @Schema(implementation = LabelingStore.Entry[].class)))
    @APIResponse(responseCode = "403", description = "The caller takes no part in this round",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingStore.Entry> labels(@PathParam("id") UUID id, @PathParam("site") String site,
            @PathParam("postId") long postId) {
        return labeling.visibleLabels(id, site, postId, user(), overseer());
    }

    @GET
    @Path("/{id}/disagreements")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER })
    @Operation(operationId = "listDisagreements", description = "For the round's arbitrator: the questions whose raters gave different labels and that await a decision, with both raters' labels. Paged with offset and limit.", summary = "The arbitration queue: questions the raters labeled differently, not yet decided")
    @APIResponse(responseCode = "200", description = "The queue",
            content = @Content(schema = @Schema(implementation = LabelingService.Status[].class)))
    @APIResponse(responseCode = "403", description = "Only the round's arbitrator and researchers see it",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingService.Status> disagreements(@PathParam("id") UUID id, @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        if (!overseer() && !user().equals(labeling.round(id).arbitrator())) {
            throw new io.quarkus.security.ForbiddenException("only the arbitrator of round " + id + " sees its disagreements");
        }
        return page(labeling.disagreements(id), offset, limit);
    }

    @PUT
    @Path("/{id}/items/{site}/{postId}/decision")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER })
    @Operation(operationId = "decideItem", description = "The arbitrator's labels become the question's final labels (a later decision replaces an earlier one); only for a question the raters labeled differently. Publishes LabelFinalized.", summary = "Settle a question: the arbitrator's label becomes its final label")
    @APIResponse(responseCode = "200", description = "The decision",
            content = @Content(schema = @Schema(implementation = LabelingStore.Entry.class)))
    @APIResponse(responseCode = "400", description = "A label that is not a leaf category of the round's taxonomy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The raters do not disagree on the question (same labels, or not both labeled)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The caller is not the round's arbitrator",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LabelingStore.Entry decide(@PathParam("id") UUID id, @PathParam("site") String site,
            @PathParam("postId") long postId,
            @RequestBody(description = "The arbitrator's labels, which become the question's final labels", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"labels\": [\"42\"], \"note\": \"both readings fit; the error is raised by the converter\"}"))) @Valid @NotNull LabelRequest decision) {
        return labeling.decide(id, site, postId, user(), decision.labels(), decision.note());
    }

    @GET
    @Path("/{id}/kept")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "listKeptItems", description = "For a relevance round: the questions whose final label is KEEP (the raters agreed, or the arbitrator decided), which the classifier and the metrics count as the set's reviewed members. Paged with offset and limit.", summary = "A relevance round's reviewed members: the questions finally kept (both raters, or the arbitrator)")
    @APIResponse(responseCode = "200", description = "Kept questions in sample order",
            content = @Content(schema = @Schema(implementation = LabelingService.Status[].class)))
    @APIResponse(responseCode = "400", description = "A category round keeps no questions",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The caller rates this round and has questions of it to label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingService.Status> kept(@PathParam("id") UUID id, @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        return page(labeling.kept(id, user()), offset, limit);
    }

    @GET
    @Path("/{id}/agreement")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getRoundAgreement", description = "Cohen's kappa between the two raters over the questions both labeled, overall, per platform and per category (one against all others), with the count of questions it rests on.", summary = "Cohen's kappa from the stored labels: overall, per platform and per category (one against the rest)")
    @APIResponse(responseCode = "200", description = "Agreement",
            content = @Content(schema = @Schema(implementation = LabelingService.Agreement.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LabelingService.Agreement agreement(@PathParam("id") UUID id) {
        return labeling.agreement(id);
    }

    @GET
    @Path("/{id}/status")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getRoundStatus", summary = "Every question of the sample: both raters' labels, the decision and the final label",
            description = "To a rater of the round, a question they have not labeled shows their own label only.")
    @APIResponse(responseCode = "200", description = "Statuses",
            content = @Content(schema = @Schema(implementation = LabelingService.Status[].class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingService.Status> status(@PathParam("id") UUID id, @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(1000) int limit) {
        return page(labeling.statuses(id, user()), offset, limit);
    }

    @GET
    @Path("/{id}/shares")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getRoundShares", summary = "Per taxonomy node, the finally labeled questions and their share of the node's platform",
            description = "False positives and unclear questions are left out; a question with two categories counts in both.")
    @APIResponse(responseCode = "200", description = "Shares",
            content = @Content(schema = @Schema(implementation = LabelingService.Share[].class)))
    @APIResponse(responseCode = "400", description = "A relevance round has no categories",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The caller rates this round and has questions of it to label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelingService.Share> shares(@PathParam("id") UUID id) {
        return labeling.shares(id, user());
    }

    @GET
    @Path("/{id}/shares")
    @Produces("text/csv")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getRoundSharesCsv", description = "One row per taxonomy node: node id, depth, platform, name, final-labeled questions at or under it, and their share of the platform's questions. Cells a spreadsheet would run as formulas are neutralised.", summary = "The shares as CSV: node, depth, platform, name, questions, share of the platform")
    @APIResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The caller rates this round and has questions of it to label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String sharesCsv(@PathParam("id") UUID id) {
        return io.somining.taxonomy.labeling.SharesOutput.csv(labeling.shares(id, user()));
    }

    @GET
    @Path("/{id}/shares")
    @Produces("image/svg+xml")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getRoundSharesSvg", description = "The shares as an SVG tree (one line per node, a bar for its share of the platform), to look at or put in a paper.", summary = "The shares as a rendered tree: one line per node, with a bar for its share of the platform")
    @APIResponse(responseCode = "200", description = "An SVG document",
            content = @Content(mediaType = "image/svg+xml", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "409", description = "The caller rates this round and has questions of it to label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = NOT_FOUND,
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public String sharesSvg(@PathParam("id") UUID id) {
        var round = labeling.round(id);
        return io.somining.taxonomy.labeling.SharesOutput.svg("Category shares, round " + round.name() + " ("
                + round.studyId() + "/" + round.setId() + ")", labeling.shares(id, user()));
    }

    /**
     * The population by stratum: as given (every question a member of the study set, as the
     * classifier has it), by site, or all in one (null) stratum; without one, the classifier's
     * members of the set, read with the caller's token.
     */
    private java.util.Map<String, List<String>> strata(NewRoundRequest request) {
        boolean strataGiven = request.strata() != null && !request.strata().isEmpty();
        boolean populationGiven = request.population() != null && !request.population().isEmpty();
        if (strataGiven && populationGiven) {
            throw new IllegalArgumentException("strata: give either strata or population, not both");
        }
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (strataGiven || populationGiven) {
            List<String> given = strataGiven ? request.strata().values().stream().flatMap(List::stream).toList()
                    : request.population();
            requireMembers(given, members.of(request.studyId(), request.setId(), null, authorization), request);
        }
        if (strataGiven) {
            return request.strata();
        }
        List<String> population = populationGiven ? request.population()
                : List.copyOf(members.of(request.studyId(), request.setId(), request.site(), authorization));
        if ("site".equals(request.stratifyBy())) {
            return population.stream().collect(java.util.stream.Collectors.groupingBy(
                    key -> key.substring(0, Math.max(0, key.lastIndexOf('/')))));
        }
        java.util.Map<String, List<String>> one = new java.util.HashMap<>();
        one.put(null, population);
        return one;
    }

    private static void requireMembers(List<String> given, java.util.Set<String> members, NewRoundRequest request) {
        List<String> outside = given.stream().filter(key -> key != null && !members.contains(key)).distinct().toList();
        if (!outside.isEmpty()) {
            throw new IllegalArgumentException("population: " + outside.size() + " question(s) are not members of "
                    + request.studyId() + "/" + request.setId() + " in the classifier: "
                    + String.join(", ", outside.stream().limit(10).toList()) + (outside.size() > 10 ? ", ..." : ""));
        }
    }

    /** One page of a list in sample order: lists are capped at 1,000 entries per request. */
    private static <T> List<T> page(List<T> all, int offset, int limit) {
        return all.stream().skip(offset).limit(limit).toList();
    }

    private String user() {
        return identity.getPrincipal().getName();
    }

    private boolean overseer() {
        return identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.RESEARCHER);
    }
}
