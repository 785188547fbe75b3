package io.somining.gateway.proxy;

import io.somining.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/** Mounts one reverse proxy (vertx-http-proxy) per configured service under {@code /api/<service>}. */
@ApplicationScoped
public class ProxyRoutes {

    private static final Logger LOG = Logger.getLogger(ProxyRoutes.class);

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    @Inject
    BackendHealth health;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    TokenSubjects subjects;

    void register(@Observes Router router) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(64));
        config.routes().forEach((name, route) -> {
            String prefix = "/api/" + name;
            SocketAddress origin = SocketAddress.inetSocketAddress(route.url().getPort(), route.url().getHost());
            long timeout = route.timeout().toMillis();
            HttpProxy proxy = HttpProxy.reverseProxy(client)
                    .origin(context -> ForwardingInterceptor.open(context, origin, timeout))
                    .addInterceptor(new ForwardingInterceptor(name, prefix, route.url(), route.maxBodySize(), timeout));
            router.route(prefix).handler(rc -> forward(rc, name, prefix, route, proxy));
            router.route(prefix + "/*").handler(rc -> forward(rc, name, prefix, route, proxy));
            LOG.infof("Route %s/* -> %s", prefix, route.url());
        });
        // the gateway's own operations count against the same rate as what it forwards
        router.route("/api/status").order(Integer.MIN_VALUE + 1).handler(rc -> {
            if (!overTheLimit(rc)) {
                rc.next();
            }
        });
        // what no route, resource or page answers: a problem document, not the server's HTML page
        router.route().order(Integer.MAX_VALUE).handler(rc -> answer(rc, 404, "Not Found", Problems.noOperation(rc.request().path())));
    }

    /** Over the client's rate: answered 429 here, true. */
    private boolean overTheLimit(RoutingContext rc) {
        long wait = rateLimiter.acquire(client(rc.request()));
        if (wait > 0) {
            rc.response().putHeader("Retry-After", Long.toString(wait));
            answer(rc, 429, "Too Many Requests", "request rate over the limit; retry in " + wait + " s");
            return true;
        }
        return false;
    }

    private void forward(RoutingContext rc, String name, String prefix, GatewayConfig.Route route, HttpProxy proxy) {
        HttpServerRequest request = rc.request();
        if (overTheLimit(rc)) {
            return;
        }
        String length = request.getHeader("Content-Length");
        if (length != null && parse(length) > route.maxBodySize()) {
            answer(rc, 413, "Content Too Large", "request body of " + length + " bytes exceeds the limit of "
                    + route.maxBodySize() + " bytes for service '" + name + "'");
            return;
        }
        boolean healthCheck = request.path().startsWith(prefix + "/q/");
        BackendHealth.Status status = health.status(name);
        // a service that answers "not ready" gets no traffic; one that does not answer at all is
        // tried, so that the answer (503 or 504) says what actually happened
        if (!healthCheck && "DOWN".equals(status.state())) {
            rc.response().putHeader("Retry-After", "5");
            answer(rc, 503, "Service Unavailable", "service '" + name + "' is not ready: " + status.detail());
            return;
        }
        if (request.version() == HttpVersion.HTTP_2 && length == null && request.method() != HttpMethod.GET
                && request.method() != HttpMethod.HEAD) {
            // HTTP/2 frames a body without declaring its length: to the HTTP/1.1 service it goes chunked (the proxy
            // reads the inbound headers for that, and would otherwise throw on the first byte)
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        proxy.handle(request);
    }

    /**
     * Whom a request counts against: the subject of a valid token, else the address it came from.
     * An invalid token is the service's to refuse; here it only does not name a client.
     */
    private String client(HttpServerRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            // a token that does not check out is counted by address below
            java.util.Optional<String> subject = subjects.subject(authorization.substring(7).trim());
            if (subject.isPresent()) {
                return "sub:" + subject.get();
            }
        }
        return "address:" + (request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress());
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static void answer(RoutingContext rc, int status, String title, String detail) {
        rc.response().setStatusCode(status).putHeader("Content-Type", Problems.MEDIA_TYPE)
                .end(Problems.json(status, title, detail, rc.request().uri()));
    }
}
