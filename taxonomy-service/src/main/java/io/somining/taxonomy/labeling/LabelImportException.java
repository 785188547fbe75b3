package io.somining.taxonomy.labeling;

import java.util.List;

/** A spreadsheet of labels that cannot be imported, with every problem found: where (file, sheet, row, column) and what. */
public class LabelImportException extends RuntimeException {

    /** One problem: {@code where} names the file, sheet, row and column (or the alias table's line). */
    public record Problem(String where, String message) {
    }

    private final transient List<Problem> problems;

    public LabelImportException(List<Problem> problems) {
        super(problems.size() + " problem(s), nothing imported; first: " + problems.get(0).where() + ": " + problems.get(0).message());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
