package io.somining.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportWriterTest {

    @Test
    void shouldNeutralizeCellsASpreadsheetWouldRunAsAFormula() {
        String csv = ReportWriter.csv(List.of("a", "b"), List.of(
                List.of("=HYPERLINK(\"http://evil\",\"x\")", "-12.5"),
                List.of("@SUM(A1)", "line\nbreak")));
        assertThat(csv.split("\r\n")).containsExactly(
                "a,b",
                "\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-12.5",
                "'@SUM(A1),\"line\nbreak\"");
    }

    @Test
    void shouldLinkTheQuestionsACauseNamesAndLoadNothing() {
        Reproduction.FigureRow row = new Reproduction.FigureRow("f", "figures", "s", "a <count>", "q", "3,023", null, 3018.0,
                null, null, new Verdict(Verdict.Kind.DIFFERS, "by -5"), "39682394 is in two files; 1,325 + 1,533", null);
        String page = ReportWriter.html(new Reproduction.Report("s", "T", "http://gw", java.time.Instant.EPOCH,
                java.util.Map.of("artifact", "a", "rules", "r"), List.of(row), List.of()));
        assertThat(page).contains("<a href=\"https://stackoverflow.com/questions/39682394\">39682394</a> is in two files")
                .contains("1,325 + 1,533").contains("a &lt;count&gt;").doesNotContain("<script").doesNotContain("src=\"http");
    }

    @Test
    void shouldEscapeTextInThePage() {
        assertThat(ReportWriter.escape("<script>\"&")).isEqualTo("&lt;script&gt;&quot;&amp;");
    }
}
