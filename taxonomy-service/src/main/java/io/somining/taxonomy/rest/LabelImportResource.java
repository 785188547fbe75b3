package io.somining.taxonomy.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.somining.contracts.Roles;
import io.somining.platform.problem.Problem;
import io.somining.taxonomy.client.SetMembers;
import io.somining.taxonomy.labeling.LabelImportService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/label-imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Label imports", description = "Existing labels from a spreadsheet, mapped onto a taxonomy through an alias table")
public class LabelImportResource {

    @Inject
    LabelImportService imports;

    @Inject
    SecurityIdentity identity;

    @Inject
    SetMembers members;

    @Context
    HttpHeaders headers;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "importLabels", summary = "Import a spreadsheet of labels (.xlsx, one sheet per platform, or CSV)",
            description = "Each sheet becomes a category round of its study set, its labels the final decisions; every "
                    + "labeled question must be a member of its sheet's set on the site, as the classifier has it. "
                    + "A label maps to a node when it names it ('inner - leaf', case and spaces aside) or through the "
                    + "alias table (CSV: sheet,label,node). Anything unmapped or unreadable fails the import, every "
                    + "problem listed with its sheet, row and column; nothing is stored then. The same import twice is one.")
    @APIResponse(responseCode = "201", description = "Imported",
            content = @Content(schema = @Schema(implementation = LabelImportService.Report.class)))
    @APIResponse(responseCode = "200", description = "The same import was made before: its report",
            content = @Content(schema = @Schema(implementation = LabelImportService.Report.class)))
    @APIResponse(responseCode = "400", description = "A missing or malformed parameter",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "The spreadsheet or the alias table has problems: each in errors",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The classifier, which holds the sets' members, cannot be reached",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response importLabels(
            @RestForm("file") @NotNull @Parameter(description = "The spreadsheet") FileUpload file,
            @RestForm("aliases") @Parameter(description = "The alias table, CSV: sheet,label,node") FileUpload aliases,
            @RestForm @NotBlank @Parameter(description = "The study the labeled questions belong to") String studyId,
            @RestForm @DefaultValue("deployment-challenges") String taxonomyId,
            @RestForm @NotBlank @Parameter(description = "The study set of each sheet, e.g. server=C,mobile=D,browser=E") String sets,
            @RestForm @DefaultValue("stackoverflow.com") @Parameter(description = "The site of the question ids") String site,
            @RestForm @Parameter(description = "For a CSV file without a sheet column: its sheet's name") String sheet,
            @RestForm @DefaultValue("CATEGORY") @Parameter(description = "CATEGORY: labels mapped onto the taxonomy; "
                    + "RELEVANCE: a review's decisions, KEEP or DROP in the category column, each sheet a relevance round "
                    + "whose kept questions become the set's reviewed members") String kind) {
        if (!LabelImportService.CATEGORY.equals(kind) && !LabelImportService.RELEVANCE.equals(kind)) {
            throw new IllegalArgumentException("kind: CATEGORY or RELEVANCE, was '" + kind + "'");
        }
        Map<String, String> setsBySheet = setsBySheet(sets);
        String authorization = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        Map<String, java.util.Set<String>> membersBySet = new LinkedHashMap<>();
        setsBySheet.values().forEach(set -> membersBySet.computeIfAbsent(set, s -> members.of(studyId, s, site, authorization)));
        LabelImportService.Outcome outcome = imports.importLabels(new LabelImportService.Request(file.fileName(),
                read(file), aliases == null ? null : aliases.fileName(),
                aliases == null ? null : new String(read(aliases), StandardCharsets.UTF_8), studyId, taxonomyId,
                setsBySheet, site, sheet, membersBySet, kind), identity.getPrincipal().getName());
        if (!outcome.created()) {
            return Response.ok(outcome.report()).build();
        }
        return Response.created(UriBuilder.fromResource(LabelImportResource.class).path("{id}").build(outcome.report().id()))
                .entity(outcome.report()).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "listLabelImports", description = "Each import's report (its rounds and how each label was mapped), newest first; studyId narrows the list to one study. Paged with offset and limit.", summary = "The label imports, newest first: each one's report (its rounds and how each label was mapped)")
    @APIResponse(responseCode = "200", description = "The reports, a page at a time",
            content = @Content(schema = @Schema(implementation = LabelImportService.Report.class,
                    type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "offset below 0, or limit outside 1-1000",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<LabelImportService.Report> reports(
            @QueryParam("studyId") @Parameter(description = "The imports of one study only") String studyId,
            @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return imports.reports(studyId, offset, limit);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getLabelImport", description = "Per sheet the round it became, and per distinct label the taxonomy node it was mapped to (through the alias table or its own path) with the number of questions; 404 for an unknown import.", summary = "The report of an import: its rounds and how each label was mapped")
    @APIResponse(responseCode = "200", description = "The report",
            content = @Content(schema = @Schema(implementation = LabelImportService.Report.class)))
    @APIResponse(responseCode = "404", description = "No such import",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public LabelImportService.Report report(@PathParam("id") String id) {
        return imports.report(id).orElseThrow(() -> new NotFoundException("no label import " + id));
    }

    private static byte[] read(FileUpload upload) {
        try {
            return Files.readAllBytes(upload.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> setsBySheet(String sets) {
        Map<String, String> bySheet = new LinkedHashMap<>();
        for (String pair : sets.split(",")) {
            String[] parts = pair.split("=", 2);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("sets: 'sheet=set' pairs separated by commas, e.g. server=C,mobile=D; was '" + sets + "'");
            }
            bySheet.put(parts[0].trim(), parts[1].trim());
        }
        return bySheet;
    }
}
