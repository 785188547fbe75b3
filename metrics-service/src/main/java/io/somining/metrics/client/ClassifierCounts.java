package io.somining.metrics.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import io.somining.platform.outbox.OutboxStatus;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** What the classifier classified of a site per active study, and what waits in its outbox. */
@RegisterRestClient(configKey = "classifier")
@Produces(MediaType.APPLICATION_JSON)
public interface ClassifierCounts {

    record Site(String site, List<Study> studies) {
    }

    record Study(String studyId, int version, long questions, Map<String, Long> members) {
    }

    /** @param authorization the caller's own bearer token, forwarded */
    @GET
    @Path("/classifications/counts")
    Site site(@QueryParam("site") String site, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/outbox")
    OutboxStatus outbox(@HeaderParam("Authorization") String authorization);
}
