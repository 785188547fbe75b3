package io.somining.ingest.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads the FSE 2020 artifact's format: one question row of {@code Posts.xml} per line as a JSON
 * object of strings, with its answer rows in {@code answers}. Yields the question, then its answers.
 */
public final class ArtifactJsonLinesReader implements PostSource {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String file;
    private final BufferedReader lines;
    private final Deque<PostRow> pending = new ArrayDeque<>();
    private final SkippedRows skipped = new SkippedRows();
    private long lineNumber;

    public ArtifactJsonLinesReader(String file, InputStream input) {
        this.file = file;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.lines = new BufferedReader(new InputStreamReader(input, decoder), 1 << 16);
    }

    @Override
    public PostRow next() throws DumpFormatException {
        while (pending.isEmpty()) {
            String line;
            try {
                line = lines.readLine();
            } catch (CharacterCodingException e) {
                throw new DumpFormatException(file, lineNumber + 1, -1, "invalid UTF-8", e);
            } catch (IOException e) {
                throw new DumpFormatException(file, lineNumber + 1, -1, "cannot read: " + e.getMessage(), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
            if (!line.isBlank()) {
                readLine(line);
            }
        }
        return pending.poll();
    }

    private void readLine(String line) throws DumpFormatException {
        JsonNode question;
        try {
            question = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            // the reader's own message names its settings and source: say what is wrong in the file's terms
            throw new DumpFormatException(file, lineNumber, e.getLocation() == null ? -1 : e.getLocation().getColumnNr(),
                    e instanceof com.fasterxml.jackson.core.io.JsonEOFException ? "not a JSON object: the line ends inside it"
                            : "not a JSON object: not valid JSON", e);
        }
        if (!question.isObject()) {
            throw new DumpFormatException(file, lineNumber, 1, "not a JSON object", null);
        }
        add(question);
        JsonNode answers = question.path("answers");
        for (JsonNode answer : answers) {
            add(answer);
        }
    }

    private void add(JsonNode node) {
        try {
            pending.add(Fields.row(column -> text(node, column.name()), lineNumber));
        } catch (Fields.BadField e) {
            skipped.skip(file, lineNumber, e.getMessage(), text(node, Fields.Column.Id.name()));
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public SkippedRows.Drained drainSkipped() {
        return skipped.drain();
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
