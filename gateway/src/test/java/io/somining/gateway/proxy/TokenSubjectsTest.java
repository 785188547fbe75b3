package io.somining.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class TokenSubjectsTest {

    /** A checked token with these claims. */
    private static JsonWebToken token(String subject, long expires) {
        Map<String, Object> claims = Map.of("sub", subject, "exp", expires);
        return new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return claims.keySet();
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return (T) claims.get(name);
            }
        };
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void shouldCheckATokenOnceWhileItHasNotExpired() {
        // given a checker that counts its checks, and a token valid for an hour
        AtomicInteger checks = new AtomicInteger();
        TokenSubjects subjects = new TokenSubjects(token -> {
            checks.incrementAndGet();
            return token("alice", now() + 3600);
        });

        // when the same token comes three times
        for (int i = 0; i < 3; i++) {
            assertThat(subjects.subject("token-of-alice")).contains("alice");
        }

        // then its signature was checked once
        assertThat(checks).hasValue(1);
    }

    @Test
    void shouldCheckAnExpiredTokenAgainEveryTime() {
        // given a token that expired a second ago (the checker still accepts it: the clock skew it allows)
        AtomicInteger checks = new AtomicInteger();
        TokenSubjects subjects = new TokenSubjects(token -> {
            checks.incrementAndGet();
            return token("bob", now() - 1);
        });

        // when it comes twice, then it is checked twice
        subjects.subject("token-of-bob");
        subjects.subject("token-of-bob");
        assertThat(checks).hasValue(2);
    }

    @Test
    void shouldGiveNoSubjectForATokenThatDoesNotCheckOutAndRememberNothing() {
        // given a checker that refuses the token (forged signature)
        AtomicInteger checks = new AtomicInteger();
        TokenSubjects subjects = new TokenSubjects(token -> {
            checks.incrementAndGet();
            throw new ParseException("signature does not match");
        });

        // when it comes twice, then it has no subject either time and was checked both times
        assertThat(subjects.subject("forged")).isEmpty();
        assertThat(subjects.subject("forged")).isEmpty();
        assertThat(checks).hasValue(2);
    }
}
