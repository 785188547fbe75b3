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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

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
            assertThat(reader.drainWarnings()).containsExactly(
                    "Posts.xml:2: row skipped, field CreationDate = '': required");
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
                    .hasMessageContaining("Maximum attribute size limit (" + PostsXmlReader.MAX_ATTRIBUTE_CHARS + ")");
        } finally {
            Files.delete(file);
        }
    }
}
