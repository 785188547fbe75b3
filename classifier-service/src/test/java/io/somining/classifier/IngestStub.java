package io.somining.classifier;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the ingest service's read API: one stored question, 404 for any other. */
public class IngestStub implements QuarkusTestResourceLifecycleManager {

    static final String SITE = "stub.example";
    static final long POST_ID = 7;
    /** The Authorization headers the stub received, in order. */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/questions/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(authorization == null ? "(none)" : authorization);
            boolean known = exchange.getRequestURI().getPath().equals("/questions/" + SITE + "/" + POST_ID);
            byte[] body = (known
                    ? "{\"site\":\"" + SITE + "\",\"id\":" + POST_ID + ",\"title\":\"Serving a Keras model on a cloud server\","
                            + "\"body\":\"<p>How do I deploy it?</p>\",\"tags\":[\"keras\"],\"score\":3,\"answers\":[]}"
                    : "{\"status\":404}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.ingest.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
