package io.somining.platform.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void shouldReadQuotedFieldsLineBreaksAndBlankLinesWithTheLineEachRecordStartsOn() {
        String text = "sheet,label,node\r\n"
                + "server,\"a, b\",\"say \"\"hi\"\"\"\n"
                + "\n"
                + "mobile,\"two\nlines\",\n"
                + "browser,x,y";

        List<Csv.Record> records = Csv.parse(text);

        assertThat(records).containsExactly(
                new Csv.Record(1, List.of("sheet", "label", "node")),
                new Csv.Record(2, List.of("server", "a, b", "say \"hi\"")),
                new Csv.Record(4, List.of("mobile", "two\nlines", "")),
                new Csv.Record(6, List.of("browser", "x", "y")));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        String written = Csv.row("plain", "with,comma", "with \"quote\"", null) + Csv.row("x", "line\nbreak", "", "z");

        assertThat(Csv.parse(written)).extracting(Csv.Record::fields).containsExactly(
                List.of("plain", "with,comma", "with \"quote\"", ""), List.of("x", "line\nbreak", "", "z"));
    }

    @Test
    void shouldNameTheLineOfAQuoteLeftOpen() {
        assertThatThrownBy(() -> Csv.parse("a,b\nc,\"d\ne,f\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("line 2: a quoted field is not closed");
    }

    @Test
    void shouldNeutraliseTextASpreadsheetWouldRunAsAFormula() {
        assertThat(Csv.row("=HYPERLINK(\"http://evil\",\"x\")", "+1", "-cmd", "@SUM(A1)", "\tx", "a=b", -5, 2.5, "Model Loading"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",'+1,'-cmd,'@SUM(A1),'\tx,a=b,-5,2.5,Model Loading\n");
        // a carriage return starts a quoted field, after the quote
        assertThat(Csv.row("\rx")).isEqualTo("\"'\rx\"\n");
    }
}
