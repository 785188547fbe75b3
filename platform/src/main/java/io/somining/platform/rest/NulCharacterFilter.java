package io.somining.platform.rest;

import io.somining.platform.problem.Problem;
import io.somining.platform.problem.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * A NUL character (U+0000) in the path or a query parameter is refused with a 400 naming where: no text column of
 * PostgreSQL can hold it, and no name or id of the suite contains it.
 */
@Provider
@PreMatching
public class NulCharacterFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String where = request.getUriInfo().getPath().indexOf('\0') >= 0 ? "the path" : null;
        if (where == null) {
            where = nulIn(request.getUriInfo().getQueryParameters());
        }
        if (where != null) {
            request.abortWith(Problems.response(Problem.of(400, "Bad Request",
                    where + ": holds a NUL character (U+0000), which no name, id or text of the suite may hold",
                    request.getUriInfo().getPath())));
        }
    }

    private static String nulIn(MultivaluedMap<String, String> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(v -> v != null && v.indexOf('\0') >= 0)) {
                return "query parameter " + parameter.getKey().replace("\0", "\\u0000");
            }
        }
        return null;
    }
}
