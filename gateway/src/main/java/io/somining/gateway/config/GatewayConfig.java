package io.somining.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Settings of the gateway ({@code gateway.*}): one route per service. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Routes by name: {@code /api/<name>/...} is forwarded to {@code <url>/...}. */
    Map<String, Route> routes();

    /** How often each service's readiness is polled. */
    @WithDefault("2s")
    Duration healthInterval();

    /** Requests per client (verified token subject, else address). */
    RateLimit rateLimit();

    interface RateLimit {

        @WithDefault("50")
        double requestsPerSecond();

        @WithDefault("100")
        int burst();
    }

    interface Route {

        /** The service's base URL, e.g. {@code http://localhost:8081}. */
        URI url();

        /** A request that gets no answer for this long fails with 504. */
        @WithDefault("30s")
        Duration timeout();

        /** Largest request body accepted for this service, in bytes; larger ones get 413. */
        @WithDefault("1048576")
        long maxBodySize();
    }
}
