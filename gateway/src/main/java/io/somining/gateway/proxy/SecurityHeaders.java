package io.somining.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Security headers on every response the gateway sends: its own, the services' it forwards, problem documents, the
 * web application and the Swagger UI. Set as the headers go out, so that nothing a service answers can leave them out.
 */
@ApplicationScoped
public class SecurityHeaders {

    /** Data, problem documents and charts: nothing in them may run, load or be framed. */
    static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /**
     * The Swagger UI: its own scripts and styles only, and the inline script with which Quarkus configures it
     * (generated at build time, hence 'unsafe-inline'); it calls the gateway only.
     */
    static final String SWAGGER_UI_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /**
     * The web application: its bundled scripts and styles only, nothing inline; API calls to the gateway only; images
     * in posts (other people's HTML, sanitized before it is rendered) from anywhere over https.
     */
    static final String APP_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
            + "connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /** A reproduction report: one page with its own inline styles and inline (data:) images, and nothing else. */
    static final String REPORT_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::onResponse);
    }

    private void onResponse(RoutingContext rc) {
        // the path the router serves (dot segments resolved), not as written: /swagger-ui/%2e%2e/api is no page of the UI
        String path = rc.normalizedPath();
        boolean swaggerUi = path.startsWith("/swagger-ui/") || path.equals("/swagger-ui");
        boolean app = path.equals("/") || path.equals("/index.html") || path.startsWith("/static/");
        rc.addHeadersEndHandler(done -> {
            MultiMap headers = rc.response().headers();
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Content-Security-Policy", swaggerUi ? SWAGGER_UI_POLICY : app ? APP_POLICY
                    : path.startsWith("/reports/") ? REPORT_POLICY : API_POLICY);
            if (swaggerUi || path.equals("/") || path.equals("/index.html")) {
                // the page and its files are not versioned by name: a browser asks again rather than keep an old one
                headers.set("Cache-Control", "no-cache");
            }
        });
        rc.next();
    }
}
