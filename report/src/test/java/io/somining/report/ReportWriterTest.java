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
    void shouldEscapeTextInThePage() {
        assertThat(ReportWriter.escape("<script>\"&")).isEqualTo("&lt;script&gt;&quot;&amp;");
    }
}
