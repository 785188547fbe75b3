package io.somining.platform.rest;

import jakarta.ws.rs.core.UriInfo;

/**
 * Logical query parameters read as R's {@code as.logical} reads text (TRUE, T, true, True and the same four of
 * false), every service alike. Anything else is a 400 naming the parameter, never taken for false.
 */
public final class Logicals {

    private Logicals() {
    }

    public static boolean read(String name, String value) {
        return switch (value) {
            case "TRUE", "T", "true", "True" -> true;
            case "FALSE", "F", "false", "False" -> false;
            default -> throw new IllegalArgumentException(name + ": '" + value + "' is not a logical value"
                    + " (TRUE, T, true, True, FALSE, F, false or False, as R reads them)");
        };
    }

    /**
     * An optional parameter: {@code absent} when the query does not name it; named, even empty, it must be a
     * logical ({@code as.logical("")} is NA). JAX-RS hands an empty value over as none, so the query is read as written.
     */
    public static boolean optional(String name, String value, UriInfo uri, boolean absent) {
        String written = value != null ? value : uri.getQueryParameters().getFirst(name);
        return written == null ? absent : read(name, written);
    }
}
