package io.somining.platform.problem;

import jakarta.ws.rs.core.Response;

/** Builds the HTTP response of a problem. */
final class Problems {

    private Problems() {
    }

    static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    static Response unauthorized(String detail, jakarta.ws.rs.core.UriInfo uriInfo) {
        return Response.fromResponse(response(Problem.of(401, "Unauthorized", detail,
                uriInfo == null ? null : uriInfo.getPath()))).header("WWW-Authenticate", "Bearer").build();
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
