package io.somining.taxonomy.rest;

import io.somining.platform.problem.Problem;
import io.somining.platform.problem.Problems;
import io.somining.taxonomy.labeling.LabelImportException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A spreadsheet that cannot be imported: 422, every problem in {@code errors}, each naming its sheet, row and column. */
@Provider
public class LabelImportExceptionMapper implements ExceptionMapper<LabelImportException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(LabelImportException exception) {
        return Problems.response(new Problem("about:blank", "Labels not imported", 422,
                exception.problems().size() + " problem(s) found; nothing was imported", Problems.instance(uriInfo),
                exception.problems().stream().map(p -> new Problem.FieldError(p.where(), p.message())).toList()));
    }
}
