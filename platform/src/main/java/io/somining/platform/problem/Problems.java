package io.somining.platform.problem;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Builds the HTTP response of a problem; every exception mapper of every service goes through it. */
public final class Problems {

    private Problems() {
    }

    public static Response response(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** A problem about the request at hand, its path as the instance. */
    public static Response response(int status, String title, String detail, UriInfo uriInfo) {
        return response(Problem.of(status, title, detail, instance(uriInfo)));
    }

    static Response unauthorized(String detail, UriInfo uriInfo) {
        return Response.fromResponse(response(401, "Unauthorized", detail, uriInfo))
                .header("WWW-Authenticate", "Bearer").build();
    }

    public static String instance(UriInfo uriInfo) {
        return uriInfo == null ? null : uriInfo.getPath();
    }

    static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
