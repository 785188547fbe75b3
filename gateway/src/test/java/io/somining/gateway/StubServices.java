package io.somining.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.somining.testing.TestTokens;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Stand-ins for the services: {@code ingest} echoes what it received, {@code metrics} is slow on
 * {@code /slow}, {@code taxonomy} is up but not ready, {@code classifier} is not running at all. Both ingest and
 * metrics answer {@code /created} with 201 and a Location on their own address (as a service behind the gateway
 * does), and count the bytes of the bodies they receive on {@code /count}.
 */
public class StubServices implements QuarkusTestResourceLifecycleManager {

    /** Bytes the stubs have read of bodies sent to {@code /count}. */
    static final java.util.concurrent.atomic.AtomicLong COUNTED = new java.util.concurrent.atomic.AtomicLong();

    private HttpServer ready;
    private HttpServer notReady;

    @Override
    public Map<String, String> start() {
        try {
            ready = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ready.setExecutor(Executors.newCachedThreadPool());
            ready.createContext("/", exchange -> {
                String path = exchange.getRequestURI().toString();
                if (path.equals("/q/health/ready")) {
                    reply(exchange, 200, "{\"status\":\"UP\"}");
                } else if (path.startsWith("/created")) {
                    exchange.getResponseHeaders().set("Location", switch (path) {
                        case "/created/relative" -> "/jobs/7";
                        case "/created/elsewhere" -> "https://elsewhere.example/jobs/8";
                        default -> "http://127.0.0.1:" + ready.getAddress().getPort() + "/jobs/42?view=full";
                    });
                    reply(exchange, 201, "{}");
                } else if (path.equals("/count")) {
                    byte[] chunk = new byte[8192];
                    try (var in = exchange.getRequestBody()) {
                        for (int n; (n = in.read(chunk)) > 0; ) {
                            COUNTED.addAndGet(n);
                        }
                    } catch (IOException reset) {
                        // the gateway gave up on the body
                    }
                    reply(exchange, 200, "counted");
                } else if (path.equals("/authorization")) {
                    reply(exchange, 200, String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                } else if (path.equals("/slow")) {
                    sleep(3000);
                    reply(exchange, 200, "late");
                } else {
                    reply(exchange, 200, exchange.getRequestMethod() + " " + path + " prefix="
                            + exchange.getRequestHeaders().getFirst("X-Forwarded-Prefix"));
                }
            });
            ready.start();
            notReady = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            notReady.createContext("/", exchange -> reply(exchange, 503,
                    "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"database-schema\",\"status\":\"DOWN\"}]}"));
            notReady.start();
            int closedPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                closedPort = socket.getLocalPort();
            }
            String readyUrl = "http://127.0.0.1:" + ready.getAddress().getPort();
            Map<String, String> config = new java.util.HashMap<>(TestTokens.quarkusConfig());
            config.putAll(Map.of(
                    "gateway.routes.ingest.url", readyUrl,
                    "gateway.routes.metrics.url", readyUrl,
                    "gateway.routes.metrics.timeout", "1s",
                    "gateway.routes.metrics.max-body-size", "10",
                    "gateway.routes.taxonomy.url", "http://127.0.0.1:" + notReady.getAddress().getPort(),
                    "gateway.routes.classifier.url", "http://127.0.0.1:" + closedPort,
                    "gateway.health-interval", "200ms",
                    "gateway.local-sign-in.private-key", TestTokens.trustedPrivateKeyPem().toString()));
            config.put("gateway.reports-dir", reports().toString());
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reports directory: one study's report, a file beside the studies, a folder that is no study. */
    private static java.nio.file.Path reports() throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("reports-");
        java.nio.file.Path study = java.nio.file.Files.createDirectories(dir.resolve("fse2020"));
        java.nio.file.Files.writeString(study.resolve("report.md"), "# Reproduction\n");
        java.nio.file.Files.writeString(study.resolve("index.html"), "<!DOCTYPE html><h1>Reproduction</h1>");
        java.nio.file.Files.writeString(study.resolve("figures.csv"), "figure,published\n");
        java.nio.file.Files.writeString(study.resolve("notes.txt"), "not a report file");
        java.nio.file.Files.writeString(dir.resolve("secret.html"), "outside any study");
        java.nio.file.Files.createDirectories(dir.resolve("Not A Study"));
        return dir;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        ready.stop(0);
        notReady.stop(0);
    }
}
