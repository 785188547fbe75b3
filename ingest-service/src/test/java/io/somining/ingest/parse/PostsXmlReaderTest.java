package io.somining.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PostsXmlReaderTest {

    private static final String ROW = "<row Id=\"%d\" PostTypeId=\"1\" CreationDate=\"2017-01-02T03:04:05.678\" "
            + "Title=\"t\" Body=\"&lt;p&gt;b&lt;/p&gt;\" Tags=\"%s\" />";

    private static List<PostRow> read(String xml) throws Exception {
        return read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<PostRow> read(InputStream input) throws Exception {
        List<PostRow> rows = new ArrayList<>();
        try (PostsXmlReader reader = new PostsXmlReader("Posts.xml", input)) {
            PostRow row;
            while ((row = reader.next()) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void shouldReadBothTagNotationsAndForbiddenCharacters() throws Exception {
        List<PostRow> rows = read("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<posts>\n"
                + String.format(ROW, 1, "&lt;keras&gt;&lt;tf.keras&gt;") + "\n"
                + String.format(ROW, 2, "|pytorch|onnx|").replace("Title=\"t\"", "Title=\"a&#x0E;b\"") + "\n</posts>");

        assertThat(rows).extracting(PostRow::tags).containsExactly(List.of("keras", "tf.keras"), List.of("pytorch", "onnx"));
        assertThat(rows.get(1).title()).isEqualTo("a\u000Eb");
        assertThat(rows.get(0).creationDate()).isEqualTo(Instant.parse("2017-01-02T03:04:05.678Z"));
        assertThat(rows.get(0).body()).isEqualTo("<p>b</p>");
    }

    @Test
    void shouldSkipARowWithoutRequiredFieldsAndSayWhere() throws Exception {
        try (PostsXmlReader reader = new PostsXmlReader("Posts.xml", new ByteArrayInputStream(
                ("<posts>\n<row Id=\"1\" PostTypeId=\"1\" />\n" + String.format(ROW, 2, "") + "\n</posts>")
                        .getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next().id()).isEqualTo(2);
            SkippedRows.Drained skipped = reader.drainSkipped();
            assertThat(skipped.warnings()).containsExactly("Posts.xml:2: row skipped, field CreationDate = '': required");
            // the skipped row's post is known: a newer dump still holds it
            assertThat(skipped.ids()).containsExactly(1L);
            assertThat(skipped.unidentified()).isZero();
        }
    }

    @Test
    void shouldSkipARowOfAnUnknownPostTypeAndOneWithoutAnIdCountingWhichItCannotName() throws Exception {
        try (PostsXmlReader reader = new PostsXmlReader("Posts.xml", new ByteArrayInputStream(
                ("<posts>\n<row Id=\"7\" PostTypeId=\"99\" CreationDate=\"2017-01-02T03:04:05.678\" />\n"
                        + "<row Id=\"x\" PostTypeId=\"1\" CreationDate=\"2017-01-02T03:04:05.678\" />\n</posts>")
                        .getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next()).isNull();
            SkippedRows.Drained skipped = reader.drainSkipped();
            assertThat(skipped.warnings()).containsExactly(
                    "Posts.xml:2: row skipped, field PostTypeId = '99': not a Stack Exchange post type (1 to 17)",
                    "Posts.xml:3: row skipped, field Id = 'x': not an integer");
            assertThat(skipped.ids()).containsExactly(7L);
            assertThat(skipped.unidentified()).isEqualTo(1);
            assertThat(skipped.count()).isEqualTo(2);
        }
    }

    @Test
    void shouldNameTheLineOfATruncatedFile() {
        assertThatThrownBy(() -> read("<posts>\n" + String.format(ROW, 1, "") + "\n<row Id=\"2\" PostTy"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("Posts.xml:3:")
                .satisfies(e -> assertThat(((DumpFormatException) e).line()).isEqualTo(3));
    }

    @Test
    void shouldRefuseInvalidUtf8() {
        byte[] head = ("<posts>\n" + String.format(ROW, 1, "")).getBytes(StandardCharsets.UTF_8);
        byte[] bad = { '<', 'r', 'o', 'w', ' ', 'T', 'i', 't', 'l', 'e', '=', '"', (byte) 0xC3, (byte) 0x28, '"', '/', '>' };
        assertThatThrownBy(() -> read(new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(bad))))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("Posts.xml:2:");
    }

    @Test
    void shouldRefuseOtherXmlAndHtml() {
        assertThatThrownBy(() -> read("<html><body><p>hi</p></body></html>"))
                .isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("not a Posts table: root element is <html>, expected <posts>");
        assertThatThrownBy(() -> read("<users><row Id=\"1\"/></users>"))
                .hasMessageContaining("root element is <users>");
    }

    @Test
    void shouldNeverResolveExternalEntitiesOrExpandEntityBombs() {
        String external = "<?xml version=\"1.0\"?><!DOCTYPE posts [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + "<posts><row Id=\"1\" PostTypeId=\"1\" CreationDate=\"2017-01-01T00:00:00\" Body=\"&xxe;\"/></posts>";
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE posts [<!ENTITY a0 \"lol\">");
        for (int i = 1; i < 10; i++) {
            bomb.append("<!ENTITY a").append(i).append(" \"").append(("&a" + (i - 1) + ";").repeat(10)).append("\">");
        }
        bomb.append("]><posts><row Id=\"1\" Body=\"&a9;\"/></posts>");

        assertThatThrownBy(() -> read(external)).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("Posts.xml:1:").hasMessageContaining("DTD is not allowed");
        assertThatThrownBy(() -> read(bomb.toString())).isInstanceOf(DumpFormatException.class)
                .hasMessageContaining("DTD is not allowed");
    }

    @Test
    void shouldRefuseAHundredMegabyteAttributeWithoutHoldingIt() throws IOException {
        // given
        Path file = Files.createTempFile("huge-attribute", ".xml");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write("<posts>\n<row Id=\"1\" PostTypeId=\"1\" Body=\"".getBytes(StandardCharsets.UTF_8));
            byte[] chunk = "a".repeat(1 << 20).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 100; i++) {
                out.write(chunk);
            }
            out.write("\"/>\n</posts>".getBytes(StandardCharsets.UTF_8));
        }

        // when / then
        try {
            assertThatThrownBy(() -> read(Files.newInputStream(file)))
                    .isInstanceOf(DumpFormatException.class)
                    .hasMessageStartingWith("Posts.xml:2:")
                    .hasMessageContaining("attribute Body is longer than " + RowXmlScanner.MAX_ATTRIBUTE_CHARS + " characters");
        } finally {
            Files.delete(file);
        }
    }

    /** Every real dump the project ships (and the shared folder's, when present). */
    private static List<Path> realDumps() throws IOException {
        List<Path> dumps = new ArrayList<>();
        for (Path folder : List.of(Path.of("../data/samples"), Path.of("../../shared/data/stackexchange-dumps"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> sites = Files.list(folder)) {
                    sites.map(site -> site.resolve("Posts.xml")).filter(Files::isRegularFile).sorted().forEach(dumps::add);
                }
            }
        }
        return dumps;
    }

    @Test
    void shouldReadEveryRealDumpAsTheJdkXmlParserDoes() throws Exception {
        List<Path> dumps = realDumps();
        assertThat(dumps).hasSizeGreaterThanOrEqualTo(6);
        for (Path dump : dumps) {
            // when
            List<PostRow> rows = read(Files.newInputStream(dump));
            List<PostRow> expected = readWithTheJdkParser(dump);

            // then
            assertThat(rows).as("rows of %s", dump).hasSize(expected.size()).isNotEmpty();
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i)).as("row %d of %s", i, dump).isEqualTo(expected.get(i));
            }
        }
    }

    @Test
    void shouldReadTheSameWhereverTheInputBreaksOff() throws Exception {
        // given: an input that hands out at most 7 bytes per read, so that characters, references
        // and names are split across every kind of boundary
        for (Path dump : realDumps().subList(0, 3)) {
            byte[] bytes = Files.readAllBytes(dump);
            InputStream trickling = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] buffer, int offset, int length) {
                    return super.read(buffer, offset, Math.min(length, 7));
                }
            };

            // when / then
            assertThat(read(trickling)).as("rows of %s", dump).isEqualTo(read(new ByteArrayInputStream(bytes)));
        }
    }

    /** The JDK's own StAX parser, told XML 1.1, which admits the control-character references real dumps hold. */
    private static List<PostRow> readWithTheJdkParser(Path dump) throws Exception {
        String xml = Files.readString(dump).replaceFirst("^\uFEFF?<\\?xml version=\"1.0\"", "<?xml version=\"1.1\"");
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        XMLStreamReader reader = factory.createXMLStreamReader(new StringReader(xml));
        List<PostRow> rows = new ArrayList<>();
        while (reader.hasNext()) {
            if (reader.next() == XMLStreamConstants.START_ELEMENT && reader.getLocalName().equals("row")) {
                try {
                    rows.add(Fields.row(column -> reader.getAttributeValue(null, column.name()),
                            reader.getLocation().getLineNumber()));
                } catch (Fields.BadField skipped) {
                    // as the reader does
                }
            }
        }
        return rows;
    }

    @Test
    void shouldReadWhatXmlAllowsInADumpsShape() throws Exception {
        // given: a byte order mark, CRLF, comments, a processing instruction, single quotes, a row written
        // with an end tag, spaces around '=', literal whitespace in values, every kind of reference, non-ASCII
        String xml = "\uFEFF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<!-- exported -- by hand -->\n<?pi x?>\n<posts>\n"
                + "  <row Id='1' PostTypeId=\"1\" CreationDate=\"2017-01-02T03:04:05\" Unknown=\"&lt;dropped&gt;\" "
                + "Title=\"a&amp;b &quot;c&quot; &apos;d&apos; &#60;&#x3e;\" Body=\"tab\tnew\r\nline&#xA;&#10;\u00e9\uD83D\uDE00&#x1F600;\"></row>\n"
                + "  <!-- between rows -->\n"
                + "  <row\n Id = \"2\"\tPostTypeId='2' ParentId=\"1\" CreationDate=\"2017-01-02T03:04:06\" />\n</posts>\n<!-- end -->\n";

        // when
        List<PostRow> rows = read(xml);

        // then
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).title()).isEqualTo("a&b \"c\" 'd' <>");
        assertThat(rows.get(0).body()).isEqualTo("tab new line\n\n\u00e9\uD83D\uDE00\uD83D\uDE00");
        assertThat(rows.get(0).line()).isEqualTo(5);
        assertThat(rows.get(1).id()).isEqualTo(2);
        assertThat(rows.get(1).parentId()).isEqualTo(1L);
        assertThat(rows.get(1).line()).isEqualTo(8); // the first row's body holds a literal line break
    }

    static Stream<Arguments> malformedDumps() {
        String row = "<posts>\n<row Id=\"1\" ";
        return Stream.of(
                Arguments.of(row + "Body=\"&nbsp;\"/></posts>", 2, "undeclared entity &nbsp;"),
                Arguments.of(row + "Body=\"a<b\"/></posts>", 2, "'<' in the value of attribute Body"),
                Arguments.of(row + "Body=x/></posts>", 2, "the value of attribute Body is not quoted"),
                Arguments.of(row + "Id=\"2\"/></posts>", 2, "attribute Id is repeated"),
                Arguments.of("<posts>\n<row Id=\"1\"Body=\"x\"/></posts>", 2, "expected whitespace"),
                Arguments.of(row + "Body=\"a\u0001b\"/></posts>", 2, "character 0x01 in the value of attribute Body"),
                Arguments.of(row + "Body=\"&#0;\"/></posts>", 2, "&#0; names no character XML allows"),
                Arguments.of(row + "Body=\"&#xD800;\"/></posts>", 2, "&#xD800; names no character XML allows"),
                Arguments.of(row + "Body=\"&#xZZ;\"/></posts>", 2, "malformed character reference"),
                Arguments.of(row + "Body=\"&#+65;\"/></posts>", 2, "malformed character reference &#+65;"),
                Arguments.of(row + "Body=\"&#X41;\"/></posts>", 2, "malformed character reference &#X41;"),
                Arguments.of(row + "Body=\"&#xFFFFFFFF;\"/></posts>", 2, "&#xFFFFFFFF; names no character XML allows"),
                Arguments.of(row + "Body=\"a & b\"/></posts>", 2, "'&' that starts no reference"),
                Arguments.of("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<posts/>", 1, "encoding ISO-8859-1 is not supported"),
                Arguments.of("<posts>\n  text\n</posts>", 2, "Posts.xml:2:3: text is not allowed in <posts>"),
                Arguments.of("<posts></posts>\n<posts/>", 2, "element <posts> after the end of <posts>"),
                Arguments.of(row + "></rows>", 2, "expected </row>, found </rows>"),
                Arguments.of("<posts>\n</row>", 2, "unexpected end tag </row>"),
                Arguments.of("<posts>\n<![CDATA[x]]></posts>", 2, "unexpected markup <![CDATA["),
                Arguments.of("<posts>\n<!-- never closed", 2, "the file is truncated"),
                Arguments.of(row + "Body=\"never closed", 2, "the file is truncated"),
                Arguments.of("", 1, "no <posts> element: not a dump"),
                Arguments.of("\n\nposts", 3, "text outside the root element: not a dump"));
    }

    @ParameterizedTest
    @MethodSource("malformedDumps")
    void shouldRefuseWhatXmlForbidsNamingTheLine(String xml, int line, String message) {
        assertThatThrownBy(() -> read(xml)).isInstanceOf(DumpFormatException.class)
                .hasMessageStartingWith("Posts.xml:" + line + ":").hasMessageContaining(message);
    }

    @Test
    void shouldRefuseMalformedUtf8() {
        byte[][] sequences = { { (byte) 0xC0, (byte) 0xAF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
                { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x28, (byte) 0xA1 },
                { (byte) 0xFF }, { (byte) 0xEF, (byte) 0xBF, (byte) 0xBE } };
        for (byte[] sequence : sequences) {
            byte[] head = "<posts>\n<row Id=\"1\" Body=\"".getBytes(StandardCharsets.UTF_8);
            byte[] tail = "\"/></posts>".getBytes(StandardCharsets.UTF_8);
            assertThatThrownBy(() -> read(new SequenceInputStream(new SequenceInputStream(new ByteArrayInputStream(head),
                    new ByteArrayInputStream(sequence)), new ByteArrayInputStream(tail))))
                    .as("bytes %s", Arrays.toString(sequence))
                    .isInstanceOf(DumpFormatException.class).hasMessageStartingWith("Posts.xml:2:")
                    .hasMessageMatching("(?s).*(invalid UTF-8|is not allowed in XML).*");
        }
    }

    @Test
    void shouldEndEveryReferenceInACharacterOrADumpFormatError() throws Exception {
        String[] starts = { "", "#", "#x" };
        String alphabet = "0123456789abcdefABCDEFxX#+-lt";
        Random random = new Random(27);
        for (int trial = 0; trial < 20_000; trial++) {
            // given: '&', a random start and up to 11 random characters, ';'
            StringBuilder reference = new StringBuilder("&").append(starts[random.nextInt(starts.length)]);
            for (int i = 0, n = random.nextInt(12); i < n; i++) {
                reference.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            reference.append(';');
            String xml = "<posts>\n" + String.format(ROW, 1, "").replace("Title=\"t\"", "Title=\"" + reference + "\"")
                    + "\n</posts>";

            // when / then: one row whose title is one character (two for a supplementary one), or a refusal on its line
            try {
                List<PostRow> rows = read(xml);
                assertThat(rows).as(reference.toString()).hasSize(1);
                assertThat(rows.get(0).title().codePointCount(0, rows.get(0).title().length())).as(reference.toString())
                        .isEqualTo(1);
            } catch (DumpFormatException refused) {
                assertThat(refused.line()).as(reference.toString()).isEqualTo(2);
            }
        }
    }

    @Test
    void shouldEndEveryCorruptionOfARealDumpInADumpFormatErrorOrRows() throws Exception {
        // given: the start of a real dump, closed after its 40th row
        String text = Files.readString(Path.of("../data/samples/ai.stackexchange.com_2017-03/Posts.xml"));
        int cut = 0;
        for (int i = 0; i < 40; i++) {
            cut = text.indexOf("/>", cut) + 2;
        }
        byte[] dump = (text.substring(0, cut) + "\n</posts>").getBytes(StandardCharsets.UTF_8);
        Random random = new Random(20261127);
        int refused = 0;
        for (int trial = 0; trial < 2000; trial++) {
            byte[] corrupt = dump.clone();
            for (int change = 0, changes = 1 + random.nextInt(4); change < changes; change++) {
                corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
            }

            // when / then: rows, or a DumpFormatException; never another exception
            try {
                assertThat(read(new ByteArrayInputStream(corrupt))).hasSizeLessThanOrEqualTo(41);
            } catch (DumpFormatException e) {
                refused++;
            }
        }
        assertThat(refused).isBetween(500, 1999);
    }
}
