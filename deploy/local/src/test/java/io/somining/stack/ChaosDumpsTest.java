package io.somining.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChaosDumpsTest {

    /** A post as an XML parser reads it: type, parent, title, tags. */
    private record Post(String type, String parent, String title, String tags) {
    }

    @Test
    void shouldCountWhatTheNewerSnapshotChangedAsAnXmlParserReadsBothFiles(@TempDir Path data) throws Exception {
        // given a generated dump of 2 MB and its newer snapshot
        ChaosDumps dumps = ChaosDumps.prepare(data, 2, 7);

        // when both files are read by the JDK's XML parser
        Map<String, Post> older = read(data.resolve(dumps.older()).resolve("Posts.xml"));
        Map<String, Post> newer = read(data.resolve(dumps.newer()).resolve("Posts.xml"));

        // then what the newer one keeps, drops and changes is what the counts say
        ChaosDumps.Expected expected = dumps.expected();
        assertThat(expected.posts()).isEqualTo(older.size());
        assertThat(expected.questions()).isEqualTo(count(newer, "1"));
        assertThat(expected.answers()).isEqualTo(count(newer, "2"));
        long droppedQuestions = older.entrySet().stream()
                .filter(e -> e.getValue().type().equals("1") && !newer.containsKey(e.getKey())).count();
        long droppedAnswers = older.entrySet().stream()
                .filter(e -> e.getValue().type().equals("2") && !newer.containsKey(e.getKey())).count();
        assertThat(expected.deletedQuestions()).isEqualTo(droppedQuestions).isPositive();
        assertThat(expected.deletedAnswers()).isEqualTo(droppedAnswers).isPositive();
        // an answer is dropped exactly when its question is
        newer.values().stream().filter(post -> post.type().equals("2"))
                .forEach(answer -> assertThat(newer).containsKey(answer.parent()));
        long retitled = newer.entrySet().stream().filter(e -> !e.getValue().title().equals(older.get(e.getKey()).title()))
                .count();
        assertThat(expected.editedTitles()).isEqualTo(retitled).isPositive();
        assertThat(newer.values().stream().filter(post -> post.title().endsWith(ChaosDumps.EDITED)).count()).isEqualTo(retitled);
        long retagged = newer.entrySet().stream().filter(e -> !e.getValue().tags().equals(older.get(e.getKey()).tags()))
                .count();
        assertThat(expected.retagged()).isEqualTo(retagged).isPositive();
        newer.entrySet().stream().filter(e -> !e.getValue().tags().equals(older.get(e.getKey()).tags()))
                .forEach(e -> assertThat(e.getValue().tags()).isEqualTo("<tensorflow>" + older.get(e.getKey()).tags()));

        assertThat(expected.tensorflowTagged()).isEqualTo(newer.values().stream()
                .filter(post -> post.type().equals("1") && post.tags().contains("<tensorflow>")).count());

        // and preparing again reads the same older dump and writes the same newer one
        ChaosDumps again = ChaosDumps.prepare(data, 2, 7);
        assertThat(again.expected()).isEqualTo(expected);
        assertThat(Files.mismatch(data.resolve(dumps.newer()).resolve("Posts.xml"),
                data.resolve(again.newer()).resolve("Posts.xml"))).isEqualTo(-1L);
    }

    private static long count(Map<String, Post> posts, String type) {
        return posts.values().stream().filter(post -> post.type().equals(type)).count();
    }

    private static Map<String, Post> read(Path posts) throws Exception {
        Map<String, Post> read = new HashMap<>();
        try (InputStream in = Files.newInputStream(posts)) {
            XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in);
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("row")) {
                    String previous = xml.getAttributeValue(null, "Id");
                    assertThat(read.put(previous, new Post(xml.getAttributeValue(null, "PostTypeId"),
                            xml.getAttributeValue(null, "ParentId"), String.valueOf(xml.getAttributeValue(null, "Title")),
                            String.valueOf(xml.getAttributeValue(null, "Tags"))))).as("row " + previous + " once").isNull();
                }
            }
        }
        return read;
    }
}
