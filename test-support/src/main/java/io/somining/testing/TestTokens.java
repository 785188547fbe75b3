package io.somining.testing;

import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Tokens for tests: a key pair made per test JVM whose public half the services trust, and the bad
 * tokens a security test needs (expired, signed by another key, unsigned, from another issuer).
 */
public final class TestTokens {

    public static final String ISSUER = "https://so-mining.test";
    public static final String AUDIENCE = "so-mining";

    private static final KeyPair TRUSTED = generate();
    private static final KeyPair STRANGER = generate();

    private TestTokens() {
    }

    /**
     * The settings that make a service trust this class's tokens. The key is given inline: in test
     * mode Quarkus generates a key of its own when none is configured, and an inline key outranks
     * any key location.
     */
    public static Map<String, String> quarkusConfig() {
        return Map.of(
                "mp.jwt.verify.publickey", Base64.getEncoder().encodeToString(TRUSTED.getPublic().getEncoded()),
                "mp.jwt.verify.issuer", ISSUER,
                "mp.jwt.verify.audiences", AUDIENCE);
    }

    /** The trusted key's private half as a PEM (PKCS#8) file, for a component that signs tokens itself. */
    public static java.nio.file.Path trustedPrivateKeyPem() {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("trusted-", ".pem");
            file.toFile().deleteOnExit();
            java.nio.file.Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                            .encodeToString(TRUSTED.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String forRoles(String... roles) {
        return forSubject("test-user", roles);
    }

    public static String forSubject(String subject, String... roles) {
        return token(ISSUER, AUDIENCE, subject, 0, TRUSTED.getPrivate(), roles);
    }

    public static String expired(String... roles) {
        return expiredSecondsAgo(7200, roles);
    }

    /** A token whose expiry passed {@code seconds} ago. */
    public static String expiredSecondsAgo(long seconds, String... roles) {
        return token(ISSUER, AUDIENCE, "test-user", -600 - seconds, TRUSTED.getPrivate(), roles);
    }

    public static String signedByAnotherKey(String... roles) {
        return token(ISSUER, AUDIENCE, "test-user", 0, STRANGER.getPrivate(), roles);
    }

    public static String fromAnotherIssuer(String... roles) {
        return token("https://someone-else.example", AUDIENCE, "test-user", 0, TRUSTED.getPrivate(), roles);
    }

    public static String forAnotherAudience(String... roles) {
        return token(ISSUER, "another-service", "test-user", 0, TRUSTED.getPrivate(), roles);
    }

    /** A token issued {@code shiftSeconds} from now (negative: in the past), valid for ten minutes from then. */
    private static String token(String issuer, String audience, String subject, long shiftSeconds,
            java.security.PrivateKey key, String... roles) {
        long issuedAt = Instant.now().getEpochSecond() + shiftSeconds;
        return Jwt.issuer(issuer).audience(audience).subject(subject).groups(Set.of(roles))
                .issuedAt(issuedAt).expiresAt(issuedAt + 600).sign(key);
    }

    /** {@code alg: none}: claims that would be accepted, with no signature at all. */
    public static String unsigned(String... roles) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"test-user\",\"groups\":[\""
                + String.join("\",\"", roles) + "\"],\"iat\":" + now + ",\"exp\":" + (now + 600) + "}";
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + encoder.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
