package io.somining.testing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Another service's read API stood in by a small HTTP server on a free port: a subclass answers
 * JSON for the request's URI; the Authorization headers received are recorded, so a test can check
 * that the caller's token was forwarded. The REST client under test is pointed at it.
 */
public abstract class StubService implements QuarkusTestResourceLifecycleManager {

    /** An answer: status and JSON body. */
    public record Reply(int status, String json) {
    }

    private final String urlProperty;
    private final String pathPrefix;
    private final List<String> authorizations;
    private HttpServer server;

    /**
     * @param urlProperty    the REST client's URL setting, e.g. {@code quarkus.rest-client.ingest.url}
     * @param pathPrefix     the paths served, e.g. {@code /questions/}
     * @param authorizations where the received Authorization headers go ({@code (none)} when absent)
     */
    protected StubService(String urlProperty, String pathPrefix, List<String> authorizations) {
        this.urlProperty = urlProperty;
        this.pathPrefix = pathPrefix;
        this.authorizations = authorizations;
    }

    protected abstract Reply reply(URI uri);

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(pathPrefix, exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "(none)" : authorization);
            Reply reply = reply(exchange.getRequestURI());
            byte[] body = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return Map.of(urlProperty, "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
