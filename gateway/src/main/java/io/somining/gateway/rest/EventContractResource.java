package io.somining.gateway.rest;

import io.somining.contracts.EventCodec;
import io.somining.gateway.proxy.Problems;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The event contract for subscribers: the AsyncAPI document of the topics and one JSON Schema per event
 * type, as generated from the records in contracts (contracts/README.md). Public, like the OpenAPI documents.
 */
@Path("/")
@Tag(name = "Gateway", description = "The suite as the gateway sees it")
@PermitAll
public class EventContractResource {

    static final String YAML = "application/yaml";
    static final String SCHEMA_JSON = "application/schema+json";

    private static final byte[] ASYNCAPI = read("asyncapi/asyncapi.yaml");
    private static final Map<String, byte[]> SCHEMAS = new TreeMap<>();

    static {
        EventCodec.types().keySet().forEach(type -> SCHEMAS.put(type, read("asyncapi/schemas/" + type + ".json")));
    }

    @GET
    @Path("asyncapi.yaml")
    @Produces(YAML)
    @Operation(operationId = "getAsyncApiDocument", summary = "The AsyncAPI 3 document of the suite's topics and events",
            description = "Every topic with its key, partitions, cleanup policy, producer and the suite's consumer groups; "
                    + "every event type with its event-type header and its JSON Schema (draft 7). Generated from the "
                    + "records in contracts; fields are only ever added. No token needed.")
    @APIResponse(responseCode = "200", description = "The AsyncAPI document", content = @Content(mediaType = YAML))
    public Response asyncApi() {
        return Response.ok(ASYNCAPI, YAML).build();
    }

    @GET
    @Path("asyncapi/schemas/{eventType}.json")
    @Produces({ SCHEMA_JSON, Problems.MEDIA_TYPE })
    @Operation(operationId = "getEventSchema", summary = "The JSON Schema of one event type",
            description = "The schema (draft 7) a value of this event type validates against: required fields, types, "
                    + "which fields may be absent, the range of schemaVersion. Unknown fields are allowed: readers ignore "
                    + "them. No token needed.")
    @APIResponse(responseCode = "200", description = "The event type's schema", content = @Content(mediaType = SCHEMA_JSON))
    @APIResponse(responseCode = "404", description = "No event type of that name",
            content = @Content(mediaType = Problems.MEDIA_TYPE, schema = @Schema(ref = "Problem")))
    public Response schema(@Parameter(description = "an event type, e.g. QuestionClassified", example = "QuestionClassified")
            @PathParam("eventType") String eventType) {
        byte[] schema = SCHEMAS.get(eventType);
        if (schema == null) {
            return GatewayProblems.of(404, "no event type '" + eventType + "'; the types are "
                    + String.join(", ", SCHEMAS.keySet()), "/asyncapi/schemas/" + eventType + ".json");
        }
        return Response.ok(schema, SCHEMA_JSON).build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = EventContractResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath: the contracts jar is out of date");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
