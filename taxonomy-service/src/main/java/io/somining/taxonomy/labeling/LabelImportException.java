package io.somining.taxonomy.labeling;

import java.util.List;

/** A spreadsheet of labels that cannot be imported, with every problem found: where (file, sheet, row, column) and what. */
public class LabelImportException extends RuntimeException {

    /** One problem: {@code where} names the file, sheet, row and column (or the alias table's line). */
    public record Problem(String where, String message) {
    }

    private final transient List<Problem> problems;

    /** The problems, listed in the order a reader goes through the file. */
    public static LabelImportException of(List<Problem> problems) {
        return new LabelImportException(inPlaceOrder(problems));
    }

    private LabelImportException(List<Problem> ordered) {
        super(ordered.size() + " problem(s), nothing imported; first: " + ordered.get(0).where() + ": " + ordered.get(0).message());
        this.problems = ordered;
    }

    /**
     * In the order a reader goes through the file: by file and sheet as they first appear, then by row (the
     * checks run in passes, reading the sheet and then checking each row, so they find them out of order).
     */
    static List<Problem> inPlaceOrder(List<Problem> problems) {
        java.util.Map<String, Integer> firstSeen = new java.util.HashMap<>();
        for (Problem problem : problems) {
            firstSeen.putIfAbsent(place(problem), firstSeen.size());
        }
        return problems.stream().sorted(java.util.Comparator.<Problem>comparingInt(p -> firstSeen.get(place(p)))
                .thenComparingLong(LabelImportException::row)).toList();
    }

    private static final java.util.regex.Pattern ROW = java.util.regex.Pattern.compile(", row (\\d+)");

    private static String place(Problem problem) {
        java.util.regex.Matcher row = ROW.matcher(problem.where());
        return row.find() ? problem.where().substring(0, row.start()) : problem.where();
    }

    private static long row(Problem problem) {
        java.util.regex.Matcher row = ROW.matcher(problem.where());
        return row.find() ? Long.parseLong(row.group(1)) : -1;
    }

    public List<Problem> problems() {
        return problems;
    }
}
