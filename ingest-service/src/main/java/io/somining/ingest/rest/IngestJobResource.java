package io.somining.ingest.rest;

import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.somining.ingest.service.IngestJobService;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import io.somining.contracts.Roles;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Ingest jobs", description = "Load dumps into the store and publish them as events")
public class IngestJobResource {

    @Inject
    IngestJobService jobs;

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "startJob", summary = "Start ingesting a dump file or folder below the data directory",
            description = "The job runs in the background; poll the Location. Ingesting the same dump again stores and publishes nothing new.")
    @APIResponse(responseCode = "202", description = "Job queued",
            content = @Content(schema = @Schema(implementation = IngestJobView.class)))
    @APIResponse(responseCode = "400", description = "Invalid request, unreadable path, or not a dump",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The dump is older than the site's latest stored dump",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(
            @RequestBody(description = "A dump below the data directory: a Posts.xml, a site's .7z, a folder, or the FSE 2020 artifact's folder", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"path\": \"samples/ai.stackexchange.com_2017-03\", \"site\": \"ai.stackexchange.com\", \"dumpDate\": \"2017-03\"}"))) @Valid @NotNull StartIngestRequest request, @jakarta.ws.rs.core.Context UriInfo uri) {
        var job = jobs.start(request.path(), Optional.ofNullable(request.site()), Optional.ofNullable(request.dumpDate()),
                Boolean.TRUE.equals(request.validateOnly()));
        return Response.accepted(IngestJobView.of(job))
                .location(uri.getAbsolutePathBuilder().path(job.id.toString()).build())
                .build();
    }

    @POST
    @Path("/upload")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "uploadDump", summary = "Upload a dump file and ingest it",
            description = "Form fields: file (Posts.xml, plain or gzip/bzip2/xz/7z, or JSON lines), site, dumpDate. "
                    + "The file is kept under the data directory's uploads/ folder; up to 1 GiB through the gateway.")
    @APIResponse(responseCode = "202", description = "Job queued",
            content = @Content(schema = @Schema(implementation = IngestJobView.class)))
    @APIResponse(responseCode = "400", description = "No file, no site, or not a dump",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The dump is older than the site's latest stored dump",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response upload(@RestForm("file") FileUpload file,
            @RestForm("site") @NotNull @Pattern(regexp = "[a-z0-9][a-z0-9.-]*\\.[a-z]{2,}", message = "must be a host name such as stackoverflow.com") String site,
            @RestForm("dumpDate") @Pattern(regexp = "\\d{4}-\\d{2}(-\\d{2})?", message = "must be yyyy-mm or yyyy-mm-dd") String dumpDate,
            @jakarta.ws.rs.core.Context UriInfo uri) {
        if (file == null) {
            throw new IllegalArgumentException("form field 'file' is missing");
        }
        var job = jobs.startUpload(file.uploadedFile(), file.fileName(), site, Optional.ofNullable(dumpDate));
        return Response.accepted(IngestJobView.of(job))
                .location(uri.getBaseUriBuilder().path("jobs").path(job.id.toString()).build())
                .build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "getJob", description = "The job's state, bytes read of the total, rows per kind, questions changed and deleted, rows per second and the estimated time left, warnings, and the error with file:line:column when it failed; 404 for an unknown job.", summary = "A job's state and progress")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(schema = @Schema(implementation = IngestJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public IngestJobView get(@PathParam("id") UUID id) {
        return jobs.find(id).map(IngestJobView::of).orElseThrow(() -> new NotFoundException("no job " + id));
    }

    @POST
    @Path("/{id}/cancel")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job",
            description = "A queued job is CANCELLED at once; a running one stops after its current batch, and what it stored stays.")
    @APIResponse(responseCode = "202", description = "Cancellation requested",
            content = @Content(schema = @Schema(implementation = IngestJobView.class)))
    @APIResponse(responseCode = "404", description = "No such job",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The job has already ended",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response cancel(@PathParam("id") UUID id) {
        return Response.accepted(jobs.cancel(id).map(IngestJobView::of)
                .orElseThrow(() -> new NotFoundException("no job " + id))).build();
    }

    @GET
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
    @Operation(operationId = "listJobs", description = "Ingest jobs, the newest first, each with its state and progress as GET /jobs/{id} gives it. Paged with offset and limit.", summary = "The latest jobs, newest first, a page at a time (offset, limit)")
    @APIResponse(responseCode = "200", description = "Jobs",
            content = @Content(schema = @Schema(implementation = IngestJobView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<IngestJobView> list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return jobs.latest(offset, limit).stream().map(IngestJobView::of).toList();
    }
}
