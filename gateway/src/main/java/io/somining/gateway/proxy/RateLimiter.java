package io.somining.gateway.proxy;

import io.somining.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code requests-per-second}.
 * Buckets of clients idle for a minute are dropped, so memory stays bounded by the active clients.
 */
@ApplicationScoped
public class RateLimiter {

    private static final long IDLE_NANOS = 60_000_000_000L;

    @Inject
    GatewayConfig config;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastSweep = System.nanoTime();

    private static final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }
    }

    /** Takes one request from the client's bucket; answers 0 when allowed, else the seconds to wait. */
    public long acquire(String client) {
        long now = System.nanoTime();
        sweep(now);
        double rate = config.rateLimit().requestsPerSecond();
        double burst = config.rateLimit().burst();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updated) / 1e9 * rate);
            bucket.updated = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / rate));
        }
    }

    private void sweep(long now) {
        if (now - lastSweep > IDLE_NANOS) {
            lastSweep = now;
            buckets.entrySet().removeIf(e -> now - e.getValue().updated > IDLE_NANOS);
        }
    }
}
