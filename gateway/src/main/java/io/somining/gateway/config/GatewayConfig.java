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

    /**
     * Where the reproduction reports are ({@code <dir>/<study>/index.html}, {@code report.md}, CSVs), as
     * {@code ./suite reproduce} writes them; none: no report is offered.
     */
    java.util.Optional<java.nio.file.Path> reportsDir();

    /** Requests per client (verified token subject, else address). */
    RateLimit rateLimit();

    /**
     * The local stack's sign-in page for the web application: demo users it signs tokens for with the stack's own
     * key. Absent (no key) everywhere else, production included: the page and its operations then answer 404.
     */
    LocalSignIn localSignIn();

    /**
     * Sign-in with an OpenID Connect provider (authorization code flow with PKCE), for the web application in
     * production. Off unless an issuer is set; the services verify the provider's access tokens with their
     * {@code mp.jwt.verify.*} settings, so those must name the same provider.
     */
    Oidc oidc();

    interface Oidc {

        /** The provider's issuer URL; its {@code /.well-known/openid-configuration} is read once. */
        java.util.Optional<URI> issuer();

        /** This gateway's client id at the provider. */
        @WithDefault("so-mining")
        String clientId();

        /** The client's secret for a confidential client; none for a public client (PKCE alone). */
        java.util.Optional<String> clientSecret();

        /** Scopes asked for; offline_access brings a refresh token from most providers. */
        @WithDefault("openid,profile,offline_access")
        java.util.List<String> scopes();

        /** Where the browser reaches the gateway, e.g. {@code https://so-mining.example.org}; else the request's own. */
        java.util.Optional<URI> publicUrl();
    }

    interface LocalSignIn {

        /** The PEM (PKCS#8) private key the local stack signs its tokens with. */
        java.util.Optional<java.nio.file.Path> privateKey();

        /** {@code user:role+role} entries, e.g. {@code alice:researcher}. */
        @WithDefault("alice:researcher,bob:rater,carol:rater,dan:rater+researcher,erin:admin,rob:reader")
        java.util.List<String> users();

        /** How long a signed-in session lasts. */
        @WithDefault("8h")
        Duration session();
    }

    interface RateLimit {

        @WithDefault("50")
        double requestsPerSecond();

        @WithDefault("100")
        int burst();
    }

    interface Route {

        /** The service's base URL, e.g. {@code http://localhost:8081}. */
        URI url();

        /** A request that gets no answer for this long after its body was sent fails with 504. */
        @WithDefault("30s")
        Duration timeout();

        /** Largest request body accepted for this service, in bytes; larger ones get 413. */
        @WithDefault("1048576")
        long maxBodySize();
    }
}
