package io.somining.metrics.client;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import io.somining.platform.outbox.OutboxStatus;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** What the ingest service stored of a site, and what waits in its outbox: the reconciliation's first side. */
@RegisterRestClient(configKey = "ingest")
@Produces(MediaType.APPLICATION_JSON)
public interface IngestCounts {

    record Site(String site, long questions, long answers, long acceptedAnswersStored) {
    }

    /** @param authorization the caller's own bearer token, forwarded */
    @GET
    @Path("/sites/{site}/counts")
    Site site(@PathParam("site") String site, @HeaderParam("Authorization") String authorization);

    @GET
    @Path("/outbox")
    OutboxStatus outbox(@HeaderParam("Authorization") String authorization);
}
