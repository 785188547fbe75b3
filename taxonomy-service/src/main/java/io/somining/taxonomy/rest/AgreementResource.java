package io.somining.taxonomy.rest;

import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import io.somining.contracts.Roles;
import io.somining.platform.problem.Problem;
import io.somining.taxonomy.stats.CohenKappa;
import io.somining.taxonomy.stats.SampleSize;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sampling and agreement", description = "Sample sizes and Cohen's kappa")
@RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER })
public class AgreementResource {

    @GET
    @Path("/sampling/size")
    @RolesAllowed({ Roles.ADMIN, Roles.RESEARCHER, Roles.READER })
    @Operation(operationId = "computeSampleSize", summary = "How many questions to label for a share within the margin at the confidence",
            description = "Cochran's formula with the finite population correction; the exact value and both "
                    + "roundings (the FSE 2020 paper truncated: 297 of 1,325 and 307 of 1,533).")
    @APIResponse(responseCode = "200", description = "The sample size",
            content = @Content(schema = @Schema(implementation = SampleSize.class)))
    @APIResponse(responseCode = "400", description = "A parameter out of range",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SampleSize sampleSize(@QueryParam("population") @NotNull @Min(1) Long population,
            @QueryParam("confidence") @DefaultValue("0.95") @DecimalMin(value = "0", inclusive = false)
            @DecimalMax(value = "1", inclusive = false) double confidence,
            @QueryParam("margin") @DefaultValue("0.05") @DecimalMin(value = "0", inclusive = false)
            @DecimalMax(value = "1", inclusive = false) double margin,
            @QueryParam("proportion") @DefaultValue("0.5") @DecimalMin(value = "0", inclusive = false)
            @DecimalMax(value = "1", inclusive = false) double proportion) {
        return SampleSize.of(population, confidence, margin, proportion);
    }

    @POST
    @Path("/agreement/kappa")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "computeKappa", description = "For two raters' labels of the same questions, given in the request (a and b, in the same order): Cohen's kappa with its standard error and 95 % interval, the observed and expected agreement, and each category's kappa against all others.", summary = "Cohen's kappa of two raters' labels, with its 95 % interval and per category (one against the rest)")
    @APIResponse(responseCode = "200", description = "Kappa",
            content = @Content(schema = @Schema(implementation = CohenKappa.class)))
    @APIResponse(responseCode = "204", description = "Kappa is undefined: no items, or both raters used one and the same category")
    @APIResponse(responseCode = "400", description = "The lists differ in length, or are missing",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public CohenKappa kappa(
            @RequestBody(description = "Two raters' labels of the same questions, in the same order", required = true,
                    content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "example",
                            value = "{\"a\": [\"Model Export\", \"Serving\", \"Serving\", \"Data Preprocessing\"], \"b\": [\"Model Export\", \"Serving\", \"Model Conversion\", \"Data Preprocessing\"]}"))) @Valid @NotNull KappaRequest labels) {
        return CohenKappa.of(labels.a(), labels.b());
    }
}
