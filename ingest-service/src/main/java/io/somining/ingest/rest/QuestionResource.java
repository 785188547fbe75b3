package io.somining.ingest.rest;

import io.somining.contracts.Roles;
import io.somining.ingest.repository.IngestJob;
import io.somining.ingest.repository.QuestionQueries;
import io.somining.platform.problem.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Stored posts", description = "What was ingested: questions with their answers, and the dumps")
public class QuestionResource {

    @Inject
    QuestionQueries queries;

    @GET
    @Path("/questions/{site}/{id}")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.RATER, Roles.READER })
    @Operation(operationId = "getQuestion", description = "A stored question with its title, body, tags, creation and close dates, owner, score, views and accepted answer, and its answers; 404 when the site has no such question.", summary = "A question with its answers")
    @APIResponse(responseCode = "200", description = "The question",
            content = @Content(schema = @Schema(implementation = QuestionView.class)))
    @APIResponse(responseCode = "404", description = "No such question",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QuestionView question(@PathParam("site") String site, @PathParam("id") long id) {
        var question = queries.question(site, id)
                .orElseThrow(() -> new NotFoundException("no question " + site + "/" + id));
        return QuestionView.of(site, question, queries.answers(site, id));
    }

    @GET
    @Path("/questions")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "listQuestions", description = "A site's stored questions, optionally with a tag and created from/to a date, in id order; pass the last id as after for the next page (at most limit per page).", summary = "Questions of a site, by tag and creation date, in id order")
    @APIResponse(responseCode = "200", description = "A page of questions",
            content = @Content(schema = @Schema(implementation = QuestionPage.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or page size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public QuestionPage questions(@QueryParam("site") @NotBlank String site,
            @QueryParam("tag") @Parameter(description = "exact tag, e.g. tensorflow") String tag,
            @QueryParam("from") @Parameter(description = "created at or after, ISO-8601, e.g. 2019-01-01T00:00:00Z") String from,
            @QueryParam("to") @Parameter(description = "created before, ISO-8601") String to,
            @QueryParam("after") @DefaultValue("0") @Min(0) long after,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit) {
        Instant fromInstant = instant("from", from);
        Instant toInstant = instant("to", to);
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw new IllegalArgumentException("date range: from " + from + " is not before to " + to);
        }
        List<QuestionQueries.Post> page = queries.questions(site, tag, fromInstant, toInstant, after, limit);
        List<QuestionPage.Summary> items = page.stream().map(q -> new QuestionPage.Summary(site, q.id(), q.title(),
                q.tags(), q.creationDate(), q.answerCount(), q.acceptedAnswerId())).toList();
        return new QuestionPage(items, page.size() == limit ? page.get(page.size() - 1).id() : null);
    }

    @GET
    @Path("/dumps")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Transactional
    @Operation(operationId = "listDumps", description = "Per site, the dumps as last ingested: dump date, path, format, rows, questions and answers stored, the files' checksums, when and by which job. Paged with offset and limit.", summary = "The inventory: each site's dumps as last ingested, with counts and checksums, a page at a time (offset, limit)")
    @APIResponse(responseCode = "200", description = "Dumps, newest first",
            content = @Content(schema = @Schema(implementation = DumpView[].class)))
    @APIResponse(responseCode = "400", description = "Limit out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<DumpView> dumps(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(100) int limit) {
        return IngestJob.latestPerDump(offset, limit).stream().map(DumpView::of).toList();
    }

    @GET
    @Path("/sites/{site}/counts")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "getSiteCounts", summary = "What is stored of a site now: questions, answers, questions whose accepted answer is stored",
            description = "The figures the metrics' reconciliation compares with what the classifier and the metrics hold."
                    + " Counts every stored post of the site: seconds on Stack Overflow's size.")
    @APIResponse(responseCode = "200", description = "Counts (zeros for a site never ingested)",
            content = @Content(schema = @Schema(implementation = SiteCountsView.class)))
    public SiteCountsView siteCounts(@PathParam("site") String site) {
        QuestionQueries.SiteCounts counts = queries.siteCounts(site);
        return new SiteCountsView(site, counts.questions(), counts.answers(), counts.acceptedAnswersStored());
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not an ISO-8601 instant such as 2019-01-01T00:00:00Z");
        }
    }
}
