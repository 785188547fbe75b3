package io.somining.classifier;

import io.somining.testing.StubService;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the ingest service's read API: one stored question, 404 for any other. */
public class IngestStub extends StubService {

    static final String SITE = "stub.example";
    static final long POST_ID = 7;
    /** The Authorization headers the stub received, in order. */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    public IngestStub() {
        super("quarkus.rest-client.ingest.url", "/questions/", AUTHORIZATIONS);
    }

    @Override
    protected Reply reply(URI uri) {
        if (!uri.getPath().equals("/questions/" + SITE + "/" + POST_ID)) {
            return new Reply(404, "{\"status\":404}");
        }
        return new Reply(200, "{\"site\":\"" + SITE + "\",\"id\":" + POST_ID + ",\"title\":\"Serving a Keras model on a cloud server\","
                + "\"body\":\"<p>How do I deploy it?</p>\",\"tags\":[\"keras\"],\"score\":3,\"answers\":[]}");
    }
}
