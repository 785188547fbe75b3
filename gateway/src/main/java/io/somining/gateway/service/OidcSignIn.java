package io.somining.gateway.service;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.somining.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization code flow with PKCE against the configured OpenID Connect provider, done by Nimbus' OAuth 2.0
 * SDK: discovery, the authorization request, the code exchange, the ID token's validation (signature, issuer,
 * audience, expiry, nonce) and the refresh. The gateway keeps no state: what the flow needs between the redirect and
 * the callback travels in an HttpOnly cookie ({@link Flow}).
 */
@ApplicationScoped
public class OidcSignIn {

    /** What the callback must match: the state, the nonce and the PKCE verifier of one sign-in. */
    public record Flow(String state, String nonce, String verifier) {

        private static final String SEPARATOR = "~";

        public String encode() {
            return state + SEPARATOR + nonce + SEPARATOR + verifier;
        }

        public static Optional<Flow> decode(String cookie) {
            String[] parts = cookie == null ? new String[0] : cookie.split(SEPARATOR, -1);
            return parts.length == 3 ? Optional.of(new Flow(parts[0], parts[1], parts[2])) : Optional.empty();
        }
    }

    /** A started sign-in: where to send the browser, and what to remember. */
    public record Start(URI authorization, Flow flow) {
    }

    /** The tokens of a session: the access token the services verify, its lifetime, and a refresh token if any. */
    public record Session(String accessToken, long lifetimeSeconds, Optional<String> refreshToken) {
    }

    /** The provider refused or could not be reached; the message says which and why. */
    public static class SignInFailed extends RuntimeException {
        public SignInFailed(String message) {
            super(message);
        }
    }

    @Inject
    GatewayConfig config;

    private volatile OIDCProviderMetadata provider;
    private volatile IDTokenValidator idTokenValidator;

    public boolean enabled() {
        return config.oidc().issuer().isPresent();
    }

    public URI issuer() {
        return config.oidc().issuer().orElseThrow();
    }

    public Start start(URI redirectUri) {
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        AuthenticationRequest request = new AuthenticationRequest.Builder(ResponseType.CODE,
                new Scope(config.oidc().scopes().toArray(String[]::new)), clientId(), redirectUri)
                .endpointURI(provider().getAuthorizationEndpointURI())
                .state(state).nonce(nonce).codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        return new Start(request.toURI(), new Flow(state.getValue(), nonce.getValue(), verifier.getValue()));
    }

    /** Exchanges the code for tokens and validates the ID token against the flow's nonce. */
    public Session finish(String code, Flow flow, URI redirectUri) {
        Tokens tokens = tokens(new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri,
                new CodeVerifier(flow.verifier())), Optional.of(new Nonce(flow.nonce())));
        return session(tokens);
    }

    public Session refresh(String refreshToken) {
        return session(tokens(new RefreshTokenGrant(new RefreshToken(refreshToken)), Optional.empty()));
    }

    /** Asks for tokens; after a sign-in the ID token must be the provider's, for this client, with our nonce. */
    private Tokens tokens(AuthorizationGrant grant, Optional<Nonce> expectedNonce) {
        OIDCProviderMetadata metadata = provider();
        TokenRequest request = config.oidc().clientSecret()
                .map(secret -> new TokenRequest(metadata.getTokenEndpointURI(),
                        new ClientSecretBasic(clientId(), new Secret(secret)), grant))
                .orElseGet(() -> new TokenRequest(metadata.getTokenEndpointURI(), clientId(), grant));
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new SignInFailed("the identity provider's token endpoint " + metadata.getTokenEndpointURI()
                    + " did not answer usably: " + e.getMessage());
        }
        if (!response.indicatesSuccess()) {
            TokenErrorResponse error = response.toErrorResponse();
            throw new SignInFailed("the identity provider refused the " + grant.getType() + " grant: "
                    + error.getErrorObject().getCode() + " " + Optional.ofNullable(error.getErrorObject()
                    .getDescription()).orElse(""));
        }
        OIDCTokenResponse success = (OIDCTokenResponse) response.toSuccessResponse();
        if (expectedNonce.isPresent()) {
            try {
                idTokenValidator(metadata).validate(success.getOIDCTokens().getIDToken(), expectedNonce.get());
            } catch (BadJOSEException | JOSEException e) {
                throw new SignInFailed("the identity provider's ID token is not valid for this sign-in: "
                        + e.getMessage());
            }
        }
        return success.getOIDCTokens();
    }

    /** Accepts any signing algorithm the provider announces, with keys from its JWKS (cached, refreshed on rotation). */
    private IDTokenValidator idTokenValidator(OIDCProviderMetadata metadata) {
        if (idTokenValidator == null) {
            Set<JWSAlgorithm> algorithms = Optional.ofNullable(metadata.getIDTokenJWSAlgs()).filter(a -> !a.isEmpty())
                    .<Set<JWSAlgorithm>>map(Set::copyOf).orElse(Set.of(JWSAlgorithm.RS256));
            try {
                JWKSource<SecurityContext> keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL()).build();
                idTokenValidator = new IDTokenValidator(metadata.getIssuer(), clientId(),
                        new JWSVerificationKeySelector<>(algorithms, keys), null);
            } catch (java.net.MalformedURLException e) {
                throw new SignInFailed("the identity provider's JWKS address " + metadata.getJWKSetURI()
                        + " is no URL");
            }
        }
        return idTokenValidator;
    }

    private Session session(Tokens tokens) {
        return new Session(tokens.getAccessToken().getValue(), tokens.getAccessToken().getLifetime(),
                Optional.ofNullable(tokens.getRefreshToken()).map(RefreshToken::getValue));
    }

    private ClientID clientId() {
        return new ClientID(config.oidc().clientId());
    }

    private OIDCProviderMetadata provider() {
        if (provider == null) {
            try {
                provider = OIDCProviderMetadata.resolve(new Issuer(issuer()));
            } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException e) {
                throw new SignInFailed("cannot read the identity provider's configuration at " + issuer()
                        + "/.well-known/openid-configuration: " + e.getMessage());
            }
        }
        return provider;
    }
}
