package io.somining.gateway.proxy;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.somining.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Polls every service's readiness, so the gateway can answer 503 for a service that is up but not
 * ready (database or broker unreachable) instead of forwarding requests that would fail.
 */
@ApplicationScoped
public class BackendHealth {

    /** What the gateway last saw of a service. */
    public record Status(String service, String state, String detail, Instant checkedAt) {

        public boolean ready() {
            return "UP".equals(state);
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private final Map<String, Status> statuses = new ConcurrentHashMap<>();
    private HttpClient client;
    private long timer = -1;

    void onStart(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(1000).setIdleTimeout(6));
        config.routes().keySet().forEach(name -> statuses.put(name, new Status(name, "UNKNOWN", "not checked yet", null)));
        pollAll();
        timer = vertx.setPeriodic(config.healthInterval().toMillis(), id -> pollAll());
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void pollAll() {
        config.routes().forEach((name, route) -> {
            var url = route.url();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(url.getHost())
                    .setPort(url.getPort()).setURI("/q/health/ready").setTimeout(5000);
            client.request(options)
                    .compose(request -> request.send())
                    .compose(response -> response.body().map(body -> new Status(name,
                            response.statusCode() == 200 ? "UP" : "DOWN",
                            response.statusCode() == 200 ? "ready" : failingChecks(body.toString()), Instant.now())))
                    .onSuccess(status -> statuses.put(name, status))
                    .onFailure(failure -> statuses.put(name, new Status(name, "UNREACHABLE",
                            String.valueOf(failure.getMessage()), Instant.now())));
        });
    }

    /**
     * Names the checks that are down, from a MicroProfile Health answer, with the keys of their data (the channels,
     * the data sources) but not its values: those carry the services' exception texts, which are internals and can be
     * long (117 kB seen from a Kafka check).
     */
    static String failingChecks(String health) {
        try {
            JsonArray checks = new JsonObject(health).getJsonArray("checks", new JsonArray());
            String down = checks.stream()
                    .map(JsonObject.class::cast)
                    .filter(check -> !"UP".equals(check.getString("status")))
                    .map(check -> check.getString("name") + (check.getJsonObject("data") == null
                            || check.getJsonObject("data").isEmpty() ? ""
                                    : " (" + String.join(", ", new java.util.TreeSet<>(check.getJsonObject("data").fieldNames())) + ")"))
                    .collect(java.util.stream.Collectors.joining("; "));
            return down.isEmpty() ? "not ready" : down;
        } catch (RuntimeException notJson) {
            return "not ready (its readiness answer is not a health document)";
        }
    }

    public Status status(String service) {
        return statuses.getOrDefault(service, new Status(service, "UNKNOWN", "no such route", null));
    }

    public Map<String, Status> all() {
        return new TreeMap<>(statuses);
    }
}
