package io.somining.gateway.proxy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Whose a bearer token is, for the rate limit: the subject of a token whose signature and claims check out. A token
 * checked once is remembered until it expires (at most 10 minutes), so that a client sending many requests, a client
 * over its limit above all, costs one signature check and not one per request (an unpaced greedy client of the load
 * run sent 6,207 requests a second). Only checked tokens are kept; the services check every token themselves.
 */
@ApplicationScoped
public class TokenSubjects {

    /** A checked token's subject and when it expires (seconds since the epoch). */
    private record Checked(String subject, long expires) {
    }

    /** Checks a token's signature and claims; throws {@link ParseException} when they do not check out. */
    @FunctionalInterface
    interface Checker {
        JsonWebToken check(String token) throws ParseException;
    }

    private final Checker checker;
    private final Cache<String, Checked> checked = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    @Inject
    TokenSubjects(JWTParser parser) {
        this(parser::parse);
    }

    TokenSubjects(Checker checker) {
        this.checker = checker;
    }

    /** The subject of a token that checks out now; empty for any other. */
    public Optional<String> subject(String token) {
        long now = System.currentTimeMillis() / 1000;
        Checked known = checked.getIfPresent(token);
        if (known == null || known.expires() <= now) {
            try {
                JsonWebToken jwt = checker.check(token);
                known = new Checked(jwt.getSubject(), jwt.getExpirationTime());
            } catch (ParseException invalid) {
                checked.invalidate(token);
                return Optional.empty();
            }
            checked.put(token, known);
        }
        return Optional.ofNullable(known.subject());
    }
}
