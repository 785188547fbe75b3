package io.somining.platform.migration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the schema is migrated: requests before that would hit missing tables. */
@Readiness
@ApplicationScoped
public class MigrationReadinessCheck implements HealthCheck {

    @Inject
    DatabaseMigrator migrator;

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("database-schema");
        if (migrator.isMigrated()) {
            return builder.up().build();
        }
        return builder.down().withData("reason", String.valueOf(migrator.lastError())).build();
    }
}
