package io.somining.gateway.proxy;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Rewrites {@code /api/<service>/x} to {@code /x}, adds the X-Forwarded headers, and turns a failed
 * exchange into a problem document: 503 when the service cannot be reached, 504 when it does not
 * answer in time, 502 for anything else.
 */
final class ForwardingInterceptor implements ProxyInterceptor {

    private static final Logger LOG = Logger.getLogger(ForwardingInterceptor.class);

    private final String service;
    private final String prefix;

    ForwardingInterceptor(String service, String prefix) {
        this.service = service;
        this.prefix = prefix;
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
        return context.sendRequest().recover(failure -> Future.succeededFuture(problem(context, original, failure)));
    }

    String strip(String uri) {
        String rest = uri.substring(prefix.length());
        return rest.isEmpty() || rest.startsWith("?") ? "/" + rest : rest;
    }

    private ProxyResponse problem(ProxyContext context, String uri, Throwable failure) {
        int status;
        String detail;
        if (isTimeout(failure)) {
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
        ProxyResponse response = context.request().release().response()
                .setStatusCode(status)
                .setStatusMessage(status == 504 ? "Gateway Timeout" : status == 503 ? "Service Unavailable" : "Bad Gateway")
                .setBody(Body.body(Buffer.buffer(Problems.json(status,
                        status == 504 ? "Gateway Timeout" : status == 503 ? "Service Unavailable" : "Bad Gateway",
                        detail, uri))));
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
