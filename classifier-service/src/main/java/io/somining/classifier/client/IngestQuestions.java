package io.somining.classifier.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The ingest service's read API: the classifier keeps no question text, so a dry run by id reads it there. */
@RegisterRestClient(configKey = "ingest")
@Path("/questions")
public interface IngestQuestions {

    /** The fields of the ingest service's question view a classification needs; the others are ignored. */
    record StoredQuestion(String site, long id, String title, String body, List<String> tags) {
    }

    /** @param authorization the caller's own bearer token, forwarded: the caller must be allowed to read it */
    @GET
    @Path("/{site}/{postId}")
    @Produces(MediaType.APPLICATION_JSON)
    StoredQuestion question(@PathParam("site") String site, @PathParam("postId") long postId,
            @HeaderParam("Authorization") String authorization);
}
