package io.somining.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Rewrites {@code /api/<service>/x} to {@code /x}, adds the X-Forwarded headers, counts the body against the
 * route's limit, and turns a failed exchange into a problem document: 413 for a body over the limit, 503 when
 * the service cannot be reached, 504 when it does not answer in time (counted from the end of the client's body),
 * 502 for anything else. A Location the
 * service answers with is rewritten to the gateway's path ({@code /api/<service>/x}).
 */
final class ForwardingInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(ForwardingInterceptor.class);

    /** The exchange's request to the service, once opened. */
    private static final String UPSTREAM = "upstream";
    /** Set once the client has sent its whole body (or had none). */
    private static final String BODY_SENT = "bodySent";
    private final String service;
    private final String prefix;
    private final URI origin;
    private final long maxBodySize;
    private final long answerTimeoutMillis;

    ForwardingInterceptor(String service, String prefix, URI origin, long maxBodySize, long answerTimeoutMillis) {
        this.service = service;
        this.prefix = prefix;
        this.origin = origin;
        this.maxBodySize = maxBodySize;
        this.answerTimeoutMillis = answerTimeoutMillis;
    }

    /**
     * Opens the exchange's request to the service. Its timeout is the wait for the service's answer, started once
     * the client's body has all been sent: a dump uploaded for minutes is no service too slow to answer.
     */
    static Future<HttpClientRequest> open(ProxyContext context, SocketAddress server, long answerTimeoutMillis) {
        // the connect timeout also bounds the wait for a pooled connection
        return context.client().request(new RequestOptions().setServer(server).setConnectTimeout(answerTimeoutMillis))
                .onSuccess(upstream -> {
                    context.set(UPSTREAM, upstream);
                    if (context.get(BODY_SENT, Boolean.class) != null) {
                        upstream.idleTimeout(answerTimeoutMillis);
                    }
                });
    }

    private void bodySent(ProxyContext context) {
        context.set(BODY_SENT, Boolean.TRUE);
        HttpClientRequest upstream = context.get(UPSTREAM, HttpClientRequest.class);
        // a service may answer before the body ends (an early refusal): a timer started after its answer would
        // reset a finished exchange and close a connection the pool may have handed on
        if (upstream != null && !upstream.response().isComplete()) {
            upstream.idleTimeout(answerTimeoutMillis);
        }
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        String original = request.getURI();
        request.setURI(strip(original));
        var incoming = request.proxiedRequest();
        request.headers().set("X-Forwarded-Prefix", prefix);
        request.headers().set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
        if (incoming.authority() != null) {
            request.headers().set("X-Forwarded-Host", incoming.authority().toString());
        }
        if (incoming.remoteAddress() != null) {
            request.headers().add("X-Forwarded-For", incoming.remoteAddress().hostAddress());
        }
        Body body = request.getBody();
        LimitedBody limited = null;
        if (body == null) {
            bodySent(context);
        } else {
            // counted as it streams (a chunked body declares no length), and followed to its end
            limited = new LimitedBody(body.stream(), maxBodySize, () -> bodySent(context));
            request.setBody(Body.body(limited, body.length()));
        }
        // over the limit, the exchange with the service is reset and fails with whatever the reset gives
        LimitedBody counted = limited;
        return context.sendRequest().recover(failure -> Future.succeededFuture(problem(context, original,
                counted != null && counted.isOver() ? new LimitedBody.TooLarge(maxBodySize) : failure)));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        String location = context.response().headers().get("Location");
        if (location != null) {
            context.response().headers().set("Location", publicLocation(location));
        }
        return context.sendResponse();
    }

    /**
     * The gateway's path for a location the service gave: its own URL ({@code http://127.0.0.1:8081/jobs/1}) or a
     * path on it become {@code /api/ingest/jobs/1}; a location elsewhere is left as it is. Relative to the gateway,
     * so no forwarded host needs trusting.
     */
    String publicLocation(String location) {
        URI uri;
        try {
            uri = new URI(location);
        } catch (URISyntaxException e) {
            return location;
        }
        boolean ours = uri.getRawAuthority() == null
                || uri.getHost() != null && uri.getHost().equalsIgnoreCase(origin.getHost()) && port(uri) == port(origin);
        if (!ours || uri.getRawPath() == null || !uri.getRawPath().startsWith("/") || uri.getRawPath().startsWith(prefix + "/")) {
            return location;
        }
        return prefix + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    String strip(String uri) {
        String rest = uri.substring(prefix.length());
        return rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
    }

    private ProxyResponse problem(ProxyContext context, String uri, Throwable failure) {
        int status;
        String detail;
        if (failure instanceof LimitedBody.TooLarge) {
            status = 413;
            detail = "request body exceeds the limit of " + maxBodySize + " bytes for service '" + service + "'";
        } else if (isTimeout(failure)) {
            status = 504;
            detail = "service '" + service + "' did not answer in time";
        } else if (failure instanceof ConnectException) {
            status = 503;
            detail = "service '" + service + "' cannot be reached";
        } else {
            status = 502;
            detail = "service '" + service + "' failed: " + failure.getMessage();
        }
        LOG.debugf("%s %s -> %d: %s", context.request().getMethod(), uri, status, failure);
        String title = switch (status) {
            case 413 -> "Content Too Large";
            case 504 -> "Gateway Timeout";
            case 503 -> "Service Unavailable";
            default -> "Bad Gateway";
        };
        ProxyResponse response = context.request().release().response()
                .setStatusCode(status)
                .setStatusMessage(title)
                .setBody(Body.body(Buffer.buffer(Problems.json(status, title, detail, uri))));
        response.headers().clear();
        response.putHeader("Content-Type", Problems.MEDIA_TYPE);
        if (status == 503) {
            response.putHeader("Retry-After", "5");
        }
        return response;
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException
                || failure.getClass().getSimpleName().contains("Timeout")
                || String.valueOf(failure.getMessage()).contains("timeout period");
    }
}
