package io.somining.taxonomy.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the shipped taxonomy is stored (it loads in the background after the migrations). */
@Readiness
@ApplicationScoped
public class ShippedTaxonomyReadinessCheck implements HealthCheck {

    @Inject
    TaxonomyService taxonomies;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("shipped-taxonomy").status(taxonomies.isShippedLoaded())
                .withData("taxonomy", TaxonomyService.SHIPPED_ID).build();
    }
}
