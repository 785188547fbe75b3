package io.somining.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local stack's own identity provider, for demos and tests: an RSA key pair made on first start
 * (the private half readable by its owner only), and RS256 tokens for named users and roles. In
 * production the services trust an external provider instead (see docs/security.md).
 */
final class TokenIssuer {

    static final String ISSUER = "https://so-mining.local";
    static final String AUDIENCE = "so-mining";

    private final Path privateKey;
    private final Path publicKey;

    TokenIssuer(Path folder) {
        this.privateKey = folder.resolve("private.pem");
        this.publicKey = folder.resolve("public.pem");
    }

    /** The public key file the services verify with, created with its private half if missing. */
    Path publicKey() {
        if (!Files.exists(privateKey) || !Files.exists(publicKey)) {
            create();
        }
        return publicKey;
    }

    /** The private key file, which the gateway's local sign-in page signs with; created if missing. */
    Path privateKey() {
        publicKey();
        return privateKey;
    }

    String issue(String user, List<String> roles, Duration lifetime) {
        if (user == null || !user.matches("[A-Za-z0-9._@-]{1,64}")) {
            throw new StackException("user names are 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        for (String role : roles) {
            if (!io.somining.contracts.Roles.ALL.contains(role)) {
                throw new StackException("unknown role '" + role + "'; roles are " + io.somining.contracts.Roles.ALL);
            }
        }
        publicKey();
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"" + AUDIENCE + "\",\"sub\":\"" + user + "\",\"upn\":\""
                + user + "\",\"groups\":[" + roles.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(","))
                + "],\"iat\":" + now + ",\"exp\":" + (now + lifetime.toSeconds()) + ",\"jti\":\"" + UUID.randomUUID()
                + "\"}";
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = base64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(readPrivateKey());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + base64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new StackException("cannot sign a token with " + privateKey + ": " + e.getMessage(), e);
        }
    }

    private PrivateKey readPrivateKey() throws IOException, GeneralSecurityException {
        String pem = Files.readString(privateKey, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    private void create() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(privateKey.getParent());
            Files.deleteIfExists(privateKey);
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException | IOException e) {
            throw new StackException("cannot create the token signing keys in " + privateKey.getParent() + ": "
                    + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
