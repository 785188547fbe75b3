package io.somining.taxonomy.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The classifier's members of a study set: a round's population when the request does not give it. */
@RegisterRestClient(configKey = "classifier")
@Path("/studies")
public interface ClassifierMembers {

    /** One page; {@code next} is the cursor of the following one (null on the last). */
    record Page(List<Member> items, String next) {
    }

    record Member(String site, long postId) {
    }

    /** @param authorization the caller's own bearer token, forwarded */
    @GET
    @Path("/{studyId}/sets/{setId}/members")
    @Produces(MediaType.APPLICATION_JSON)
    Page members(@PathParam("studyId") String studyId, @PathParam("setId") String setId, @QueryParam("site") String site,
            @QueryParam("after") String after, @QueryParam("limit") int limit,
            @HeaderParam("Authorization") String authorization);
}
