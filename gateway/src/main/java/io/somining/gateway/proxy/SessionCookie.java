package io.somining.gateway.proxy;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;

/**
 * The web application's session: its token travels in an HttpOnly cookie (scripts never hold it), and the gateway
 * turns the cookie into the bearer token the services verify. A request that carries its own Authorization header
 * is left alone. A state-changing request authenticated by the cookie must say so with a header a cross-site form
 * cannot send ({@code X-Requested-With: so-mining}), on top of the cookie being SameSite=Strict.
 */
@ApplicationScoped
public class SessionCookie {

    public static final String NAME = "so_session";
    public static final String CSRF_HEADER = "X-Requested-With";
    public static final String CSRF_VALUE = "so-mining";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    void register(@Observes Router router) {
        // right after the security headers, before rate limiting and routing: all of them see the bearer token
        router.route().order(Integer.MIN_VALUE + 1).handler(this::toBearer);
    }

    private void toBearer(RoutingContext rc) {
        Cookie session = rc.request().getCookie(NAME);
        if (session != null && rc.request().getHeader("Authorization") == null && !session.getValue().isBlank()) {
            if (!SAFE.contains(rc.request().method()) && !CSRF_VALUE.equals(rc.request().getHeader(CSRF_HEADER))
                    && !rc.normalizedPath().startsWith("/auth/")) {
                rc.response().setStatusCode(403).putHeader("Content-Type", Problems.MEDIA_TYPE)
                        .end(Problems.json(403, "Forbidden", "a request signed in by the session cookie that changes "
                                + "something needs the header " + CSRF_HEADER + ": " + CSRF_VALUE, rc.request().path()));
                return;
            }
            rc.request().headers().set("Authorization", "Bearer " + session.getValue());
        }
        rc.next();
    }

    /** The cookie that holds a session: HttpOnly, SameSite=Strict, Secure behind https. */
    public static String set(String token, long maxAgeSeconds, boolean secure) {
        return cookie(NAME, token, "/", maxAgeSeconds, "Strict", secure);
    }

    /** An HttpOnly cookie; a Max-Age of 0 removes it. */
    public static String cookie(String name, String value, String path, long maxAgeSeconds, String sameSite,
            boolean secure) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite="
                + sameSite + (secure ? "; Secure" : "");
    }
}
