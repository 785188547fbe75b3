package io.somining.taxonomy.rest;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import com.fasterxml.jackson.databind.JsonNode;
import io.somining.platform.problem.Problem;
import io.quarkus.security.identity.SecurityIdentity;
import io.somining.taxonomy.service.TaxonomyEditor;
import io.somining.taxonomy.service.TaxonomyService;
import io.somining.taxonomy.service.TaxonomyTree;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/taxonomies")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Taxonomies", description = "Trees of challenge categories, versioned")
public class TaxonomyResource {

    @Inject
    TaxonomyService taxonomies;

    @Inject
    TaxonomyEditor editor;

    @Inject
    SecurityIdentity identity;

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "listTaxonomies", description = "One entry per stored version of every taxonomy: id, version, name, source and when it was published. Paged with limit.", summary = "Every stored taxonomy version")
    @APIResponse(responseCode = "200", description = "Versions",
            content = @Content(schema = @Schema(implementation = TaxonomySummary[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<TaxonomySummary> list(@QueryParam("limit") @DefaultValue("100") @Min(1) @Max(100) int limit) {
        return taxonomies.versions(limit).stream().map(TaxonomySummary::of).toList();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getTaxonomy", description = "The tree of the latest version, each node with its name, description and children; the node ids of that version are in /taxonomies/{id}/nodes.", summary = "The latest version of a taxonomy, as a tree")
    @APIResponse(responseCode = "200", description = "The tree",
            content = @Content(schema = @Schema(implementation = TaxonomyTree.class)))
    @APIResponse(responseCode = "404", description = "No such taxonomy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public TaxonomyTree get(@PathParam("id") String id) {
        return taxonomies.latest(id).orElseThrow(() -> new NotFoundException("no taxonomy '" + id + "'"));
    }

    @GET
    @Path("/{id}/nodes")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "listTaxonomyNodes", summary = "The latest version's nodes with their ids (what labels name), each with its path from the platform",
            description = "labelable: a leaf, or an inner category without leaves; the categories a question can get.")
    @APIResponse(responseCode = "200", description = "Nodes level by level: by depth, then by parent and position among their siblings; each names its parent",
            content = @Content(schema = @Schema(implementation = NodeView[].class)))
    @APIResponse(responseCode = "404", description = "No such taxonomy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<NodeView> nodes(@PathParam("id") String id) {
        var version = io.somining.taxonomy.repository.TaxonomyVersion.latest(id)
                .orElseThrow(() -> new NotFoundException("no taxonomy '" + id + "'"));
        return NodeView.of(io.somining.taxonomy.repository.TaxonomyNode.ofVersion(id, version.version));
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putTaxonomy", summary = "Import a taxonomy version",
            description = "Generic form: {name, version, nodes: [{name, description, children}]}; the paper's form "
                    + "(platforms / inner / leaves) is read too. A stored version never changes: importing it again answers 200.")
    @APIResponse(responseCode = "201", description = "Stored",
            content = @Content(schema = @Schema(implementation = TaxonomySummary.class)))
    @APIResponse(responseCode = "200", description = "This version was already stored",
            content = @Content(schema = @Schema(implementation = TaxonomySummary.class)))
    @APIResponse(responseCode = "400", description = "Malformed document",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response put(@PathParam("id") @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}") String id,
            @RequestBody(description = "A taxonomy version: the generic tree, or the paper's platforms / inner / leaves form", required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT),
                            examples = @ExampleObject(name = "tree", value = "{\"name\": \"Challenges in deploying deep learning software\", \"version\": 1, \"nodes\": [{\"name\": \"Server/Cloud\", \"children\": [{\"name\": \"Model Export\", \"children\": [{\"name\": \"Procedure\"}, {\"name\": \"Export of unsupported models\"}]}]}]}"))) @NotNull JsonNode document) {
        var imported = taxonomies.importTree(TaxonomyTree.fromJson(id, document));
        return Response.status(imported.created() ? 201 : 200).entity(TaxonomySummary.of(imported.version())).build();
    }

    @POST
    @Path("/{id}/edits")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "editTaxonomy", summary = "Edit a taxonomy: add, rename, move, merge or delete nodes, into a new version",
            description = "Labels stay attached: the rounds on the edited version move to the new one, and a label "
                    + "follows its node through renames and moves, or to the node it was merged into. A node that "
                    + "still holds labels cannot be deleted: merge it into another.")
    @APIResponse(responseCode = "201", description = "The new version",
            content = @Content(schema = @Schema(implementation = TaxonomyEditView.class)))
    @APIResponse(responseCode = "400", description = "An invalid operation (the detail names it)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such taxonomy",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "basedOn is not the latest version, a deleted node holds labels, or the caller rates a round on it with questions left to label",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response edit(@PathParam("id") String id,
            @RequestBody(description = "The edits, applied in order to the version basedOn, which must be the latest", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"basedOn\": 1, \"operations\": [{\"op\": \"rename\", \"node\": \"17\", \"name\": \"Model export and conversion\"}, {\"op\": \"add\", \"parent\": \"3\", \"name\": \"Quantization\", \"description\": \"questions about post-training quantization\"}]}"))) @Valid @NotNull TaxonomyEditRequest request) {
        TaxonomyEditor.Edited edited = editor.edit(id, request.basedOn(), request.operations().stream()
                .map(e -> new TaxonomyEditor.Operation(e.op(), e.node(), e.parent(), e.into(), e.name(), e.description()))
                .toList(), identity.getPrincipal().getName());
        return Response.status(201).entity(new TaxonomyEditView(TaxonomySummary.of(edited.version()), edited.changes(),
                edited.roundsMoved())).build();
    }
}
