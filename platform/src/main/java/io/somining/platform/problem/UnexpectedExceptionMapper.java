package io.somining.platform.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import io.somining.platform.retry.UntilDone;
import org.jboss.logging.Logger;

/**
 * Anything unplanned: a 500 whose body names only an incident id, the details going to the log; a
 * database or broker that cannot be reached is a 503 instead.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final Logger LOG = Logger.getLogger(UnexpectedExceptionMapper.class);

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Exception exception) {
        if (UntilDone.isTransient(exception)) {
            LOG.warnf("Database or broker unavailable: %s", exception.getMessage());
            return Response.fromResponse(Problems.response(Problem.of(503, "Service Unavailable",
                    "a store this service needs is unavailable; retry later", Problems.instance(uriInfo))))
                    .header("Retry-After", "5").build();
        }
        if (incompleteForm(exception)) {
            return Problems.response(Problem.of(400, "Bad Request", "the request body is not a complete multipart form "
                    + "(cut off, or its boundary is missing)", Problems.instance(uriInfo)));
        }
        if (nulCharacter(exception)) {
            // a text of the request holds U+0000, which PostgreSQL cannot store: the client's to fix
            return Problems.response(Problem.of(400, "Bad Request", "a text of the request holds a NUL character (U+0000), "
                    + "which no name, id or text of the suite may hold", Problems.instance(uriInfo)));
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(exception, "Incident %s", incident);
        return Problems.response(Problem.of(500, "Internal Server Error",
                "unexpected error, incident " + incident, Problems.instance(uriInfo)));
    }

    /**
     * The framework's form reader gave up on the body before any operation ran (a body cut off: "Connection terminated
     * parsing multipart request"; a Content-Type without a boundary: an index out of range): told by where it was thrown.
     */
    private static boolean incompleteForm(Throwable exception) {
        return Causes.find(exception, cause -> java.util.Arrays.stream(cause.getStackTrace()).anyMatch(frame ->
                frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")
                        || frame.getClassName().equals("org.jboss.resteasy.reactive.server.handlers.FormBodyHandler"))) != null;
    }

    /** PostgreSQL's "invalid byte sequence for encoding UTF8: 0x00" (SQLSTATE 22021), however wrapped. */
    private static boolean nulCharacter(Throwable exception) {
        return Causes.find(exception, cause -> cause instanceof java.sql.SQLException sql && "22021".equals(sql.getSQLState())
                && String.valueOf(sql.getMessage()).contains("0x00")) != null;
    }
}
