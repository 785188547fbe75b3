package io.somining.taxonomy;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in for the classifier's members endpoint: set C of fse2020 holds 1,500 questions, served in pages of 1,000. */
public class ClassifierStub implements QuarkusTestResourceLifecycleManager {

    static final String SITE = "members.test.example";
    static final int MEMBERS = 1500;
    /** The Authorization headers received, in order. */
    static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/studies/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            AUTHORIZATIONS.add(authorization == null ? "(none)" : authorization);
            boolean known = exchange.getRequestURI().getPath().equals("/studies/fse2020/sets/C/members");
            String query = exchange.getRequestURI().getQuery() == null ? "" : exchange.getRequestURI().getQuery();
            int from = query.contains("after=") ? 1000 : 0;
            StringBuilder body = new StringBuilder("{\"items\":[");
            for (int i = from; known && i < Math.min(MEMBERS, from + 1000); i++) {
                body.append(i > from ? "," : "").append("{\"site\":\"").append(SITE).append("\",\"postId\":").append(i + 1)
                        .append(",\"studyVersion\":1}");
            }
            body.append("],\"next\":").append(known && from == 0 ? "\"" + SITE + "/1000\"" : "null").append('}');
            byte[] bytes = (known ? body.toString() : "{\"status\":404}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(known ? 200 : 404, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return Map.of("quarkus.rest-client.classifier.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
