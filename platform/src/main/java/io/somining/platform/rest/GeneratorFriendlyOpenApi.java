package io.somining.platform.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Shapes every service's OpenAPI document for client generators (issue 24), which take the document's order as
 * given: path parameters in the order of the path ({@code studyId} before {@code setId}, not alphabetical, so that
 * a positional call asks for the right study), JSON first where an operation also answers CSV or SVG (a
 * generator types its result after the first media type), the 401 and 403 every operation may answer, and the 400
 * of a request that does not parse.
 */
public class GeneratorFriendlyOpenApi implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openApi) {
        if (openApi.getPaths() == null || openApi.getPaths().getPathItems() == null) {
            return;
        }
        openApi.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> shape(path, operation)));
    }

    private static void shape(String path, Operation operation) {
        declareRefusals(operation);
        declareInvalidRequest(operation);
        if (operation.getParameters() != null) {
            List<Parameter> parameters = new ArrayList<>(operation.getParameters());
            // stable: path parameters by their place in the path, the others after them as they were
            parameters.sort(Comparator.comparingInt(p -> p.getIn() == Parameter.In.PATH
                    ? path.indexOf("{" + p.getName() + "}") : Integer.MAX_VALUE));
            operation.setParameters(parameters);
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(response -> {
                if (response.getContent() != null) {
                    response.setContent(jsonFirst(response.getContent()));
                }
            });
        }
    }

    /**
     * Every operation of the suite needs a token (security.md): a generated client learns from the document that it
     * may answer 401 and 403, each as a problem document, where the operation does not say so itself.
     */
    private static void declareRefusals(Operation operation) {
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty() || operation.getResponses() == null) {
            return;
        }
        for (String[] refusal : new String[][] { { "401", "No valid bearer token" },
                { "403", "The token's roles do not admit this operation" } }) {
            Content problem = problem();
            var declared = operation.getResponses().getAPIResponse(refusal[0]);
            if (declared == null) {
                operation.getResponses().addAPIResponse(refusal[0], OASFactory.createAPIResponse().description(refusal[1])
                        .content(problem));
            } else if (declared.getContent() == null || declared.getContent().getMediaTypes() == null
                    || declared.getContent().getMediaTypes().isEmpty()) {
                // Quarkus declares them for secured operations, without a body
                declared.setContent(problem);
            }
        }
    }

    /**
     * A body that does not parse, or a parameter that is not of its type (ParameterTypes, JsonBodyExceptionMapper), is a
     * 400 problem document naming what is wrong: declared wherever an operation could be sent one and says nothing.
     */
    private static void declareInvalidRequest(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponse("400") != null) {
            return;
        }
        boolean typed = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getSchema() != null && (p.getSchema().getRef() != null // a UUID, an enum
                        || p.getSchema().getEnumeration() != null || p.getSchema().getFormat() != null
                        || (p.getSchema().getType() != null && !p.getSchema().getType().contains(Schema.SchemaType.STRING))));
        if (typed || operation.getRequestBody() != null) {
            operation.getResponses().addAPIResponse("400", OASFactory.createAPIResponse()
                    .description("The request is not valid: a parameter not of its type or a body that does not parse; "
                            + "errors[] names each")
                    .content(problem()));
        }
    }

    private static Content problem() {
        return OASFactory.createContent().addMediaType("application/problem+json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }

    private static Content jsonFirst(Content content) {
        Map<String, MediaType> types = content.getMediaTypes();
        if (types == null || !types.containsKey("application/json") || types.keySet().iterator().next().equals("application/json")) {
            return content;
        }
        Content ordered = OASFactory.createContent().addMediaType("application/json", types.get("application/json"));
        types.forEach((name, type) -> {
            if (!name.equals("application/json")) {
                ordered.addMediaType(name, type);
            }
        });
        return ordered;
    }
}
