package io.somining.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} at the embedded PostgreSQL and Kafka. The database name comes from
 * the init arg {@code database}; e.g.
 * {@code @WithTestResource(value = RealInfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))}.
 */
public class RealInfrastructureResource implements QuarkusTestResourceLifecycleManager {

    private String database = "test";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        return EmbeddedInfrastructure.quarkusConfig(database);
    }

    @Override
    public void stop() {
        // the servers live as long as the test JVM, shared by every test class
    }
}
