package io.somining.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * An OpenID Connect provider (NAV's mock-oauth2-server) on a random port: authorization code flow, PKCE, refresh
 * tokens. Every token it issues is alice's, with the researcher role, for the gateway (its client) and for the suite
 * (the audience the services verify), as a provider with an audience mapper issues them. The gateway is configured as
 * its client and verifies its tokens as the services would in production.
 */
public class MockIdentityProvider implements QuarkusTestResourceLifecycleManager {

    static final String ISSUER_ID = "so";
    static final String CLIENT_ID = "so-mining-web";

    private MockOAuth2Server server;

    @Override
    public Map<String, String> start() {
        server = new MockOAuth2Server(OAuth2Config.Companion.fromJson("""
                {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "so", "tokenExpiry": 300,
                  "requestMappings": [{"requestParam": "grant_type", "match": "*",
                    "claims": {"sub": "alice", "aud": ["so-mining-web", "so-mining"], "groups": ["researcher"]}}]}]}"""));
        server.start();
        String issuer = server.issuerUrl(ISSUER_ID).toString();
        return Map.of(
                "gateway.oidc.issuer", issuer,
                "gateway.oidc.client-id", CLIENT_ID,
                "gateway.oidc.client-secret", "test-secret",
                "mp.jwt.verify.issuer", issuer,
                // the key set inline, as the services' PEM is in tests: an inline key outranks a location, and test
                // mode configures one of its own (in production, the location names the provider's JWKS)
                "mp.jwt.verify.publickey", keySet());
    }

    private String keySet() {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    server.jwksUrl(ISSUER_ID).uri()).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.shutdown();
        }
    }
}
