package io.somining.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.SecuritySweep;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(StubServices.class)
class SecuritySweepTest {

    @Test
    void shouldAdmitExactlyTheDeclaredRolesOnEveryOperation() {
        // given: the gateway's own operations (what it forwards is swept in each service)
        assertThat(SecuritySweep.operations()).extracting(SecuritySweep.Operation::path).contains("/api/status");

        // when / then
        assertThat(SecuritySweep.sweep()).isEmpty();
    }
}
