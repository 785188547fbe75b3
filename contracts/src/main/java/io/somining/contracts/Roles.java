package io.somining.contracts;

import java.util.List;

/**
 * The roles a token's {@code groups} claim may carry; every HTTP operation of the suite names the
 * ones it admits.
 */
public final class Roles {

    /** Ingest, study definitions, taxonomy edits, user management. */
    public static final String ADMIN = "admin";

    /** Reads everything; creates samples and labeling rounds. */
    public static final String RESEARCHER = "researcher";

    /** Labels the questions assigned to them; sees others' labels only after labeling. */
    public static final String RATER = "rater";

    /** Read-only results, for dashboards. */
    public static final String READER = "reader";

    public static final List<String> ALL = List.of(ADMIN, RESEARCHER, RATER, READER);

    private Roles() {
    }
}
