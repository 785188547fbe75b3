package io.somining.classifier.rest;

import io.somining.classifier.study.InvalidStudyException;
import io.somining.platform.problem.Problem;
import io.somining.platform.problem.Problems;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 400 for a study definition that cannot be used: every place that is wrong as an entry of {@code errors} (field: the
 * path in the definition; message: what is wrong, and the line where it is written), all of them in {@code detail}.
 */
@Provider
public class InvalidStudyExceptionMapper implements ExceptionMapper<InvalidStudyException> {

    /** "line 4, sets[0].rule.tag.contains[0]: blank", the line and the path each optional. */
    private static final Pattern ERROR = Pattern.compile("^(?:line (\\d+)(?:, column \\d+)?, )?(?:at )?([A-Za-z_][\\w.\\[\\]]*): (.*)$",
            Pattern.DOTALL);

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(InvalidStudyException exception) {
        var errors = exception.errors().stream().map(InvalidStudyExceptionMapper::fieldError).toList();
        return Problems.response(new Problem("about:blank", "Bad Request", 400, exception.getMessage(),
                Problems.instance(uriInfo), errors));
    }

    static Problem.FieldError fieldError(String error) {
        Matcher parts = ERROR.matcher(error);
        if (!parts.matches()) {
            return new Problem.FieldError(null, error);
        }
        return new Problem.FieldError(parts.group(2), parts.group(3) + (parts.group(1) == null ? "" : " (line " + parts.group(1) + ")"));
    }
}
