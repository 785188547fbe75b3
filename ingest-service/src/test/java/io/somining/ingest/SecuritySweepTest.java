package io.somining.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.somining.testing.RealInfrastructureResource;
import io.somining.testing.SecuritySweep;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class SecuritySweepTest {

    @Test
    void shouldAdmitExactlyTheDeclaredRolesOnEveryOperation() {
        // given: every operation of this service's OpenAPI document
        assertThat(SecuritySweep.operations()).isNotEmpty();

        // when / then
        assertThat(SecuritySweep.sweep()).isEmpty();
    }

    @Test
    void shouldNameEveryOperationForClientGenerators() {
        // a unique camelCase operationId and a summary on every operation (generated clients are named after them)
        org.assertj.core.api.Assertions.assertThat(io.somining.testing.OpenApiContract.problems()).isEmpty();
        // and the document is the one committed for client generation and compatibility checks
        org.assertj.core.api.Assertions.assertThat(io.somining.testing.OpenApiContract.committedAs("ingest")).isEmpty();
    }
}
