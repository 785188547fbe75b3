package io.somining.gateway.rest;

import io.somining.contracts.Roles;
import io.somining.gateway.config.GatewayConfig;
import io.somining.gateway.proxy.Problems;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameters;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The reproduction reports {@code ./suite reproduce} writes (a study's published figures beside the suite's), read
 * from the reports directory: only files directly in a study's folder, with a report's extensions, by names that
 * cannot leave it.
 */
@Path("/reports")
@Tag(name = "Reports", description = "Reproduction reports of the studies")
public class ReportResource {

    private static final Pattern STUDY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\\.(html|md|csv)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "md", "text/markdown; charset=utf-8", "csv", "text/csv; charset=utf-8");

    /** A study's report: its files, the page first. */
    public record Report(String study, List<String> files) {
    }

    @Inject
    GatewayConfig config;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "listReports", summary = "The studies' reproduction reports",
            description = "Each study with a report in the reports directory (`gateway.reports-dir`; the local stack's "
                    + "`reproduction/`), and its files. Empty where no directory is configured.")
    @APIResponse(responseCode = "200", description = "The reports",
            content = @Content(schema = @Schema(implementation = Report[].class)))
    @APIResponse(responseCode = "401", description = "No valid token",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The token's roles do not admit this operation",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public List<Report> reports() {
        if (config.reportsDir().isEmpty() || !Files.isDirectory(config.reportsDir().get())) {
            return List.of();
        }
        try (Stream<java.nio.file.Path> studies = Files.list(config.reportsDir().get())) {
            return studies.filter(Files::isDirectory).filter(d -> STUDY.matcher(d.getFileName().toString()).matches())
                    .sorted().map(d -> new Report(d.getFileName().toString(), files(d)))
                    .filter(r -> !r.files().isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @Path("/{study}/{file}")
    @Produces({ "text/html", "text/markdown", "text/csv" })
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getReportFile", summary = "A file of a study's reproduction report",
            description = "`index.html` (opens alone: no script, charts inline), `report.md` or a CSV.")
    @APIResponse(responseCode = "200", description = "The file")
    @APIResponse(responseCode = "401", description = "No valid token",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "403", description = "The token's roles do not admit this operation",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @APIResponse(responseCode = "404", description = "No such report or file",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    @Parameters({
        @Parameter(name = "study", in = ParameterIn.PATH, description = "The study, e.g. fse2020"),
        @Parameter(name = "file", in = ParameterIn.PATH, description = "A file that GET /reports lists") })
    public Response file(@PathParam("study") String study, @PathParam("file") String file) {
        java.nio.file.Path path = config.reportsDir().filter(d -> STUDY.matcher(study).matches()
                && FILE.matcher(file).matches()).map(d -> d.resolve(study).resolve(file)).orElse(null);
        if (path == null || !Files.isRegularFile(path)) {
            return GatewayProblems.of(404, "no report file " + study + "/" + file + "; GET /reports lists them",
                    "/reports/" + study + "/" + file);
        }
        return Response.ok(path.toFile(), TYPES.get(file.substring(file.lastIndexOf('.') + 1))).build();
    }

    private static List<String> files(java.nio.file.Path study) {
        try (Stream<java.nio.file.Path> files = Files.list(study)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> FILE.matcher(f).matches())
                    .sorted(Comparator.comparing((String f) -> !f.equals("index.html")).thenComparing(Comparator.naturalOrder()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
