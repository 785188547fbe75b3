package io.somining.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams the rows of a dump's {@code Posts.xml} ({@link RowXmlScanner}): constant memory whatever the
 * file's size. No DTD is read and no entity other than XML's five exists; characters that XML 1.0
 * forbids but real dumps contain as references ({@code &#x0E;}) are accepted.
 */
public final class PostsXmlReader implements PostSource {

    private static final int MAX_WARNINGS_KEPT = 1000;
    private static final String[] COLUMNS = Arrays.stream(Fields.Column.values()).map(Enum::name).toArray(String[]::new);

    private final String file;
    private final InputStream input;
    private final RowXmlScanner scanner;
    private final List<String> warnings = new ArrayList<>();

    public PostsXmlReader(String file, InputStream input) {
        this.file = file;
        this.input = input;
        this.scanner = new RowXmlScanner(file, input, "Posts", "posts", COLUMNS);
    }

    @Override
    public PostRow next() throws DumpFormatException {
        while (scanner.next()) {
            PostRow row = readRow();
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    private PostRow readRow() {
        long line = scanner.rowLine();
        try {
            return Fields.row(column -> scanner.value(column.ordinal()), line);
        } catch (Fields.BadField e) {
            if (warnings.size() < MAX_WARNINGS_KEPT) {
                warnings.add(file + ":" + line + ": row skipped, " + e.getMessage());
            }
            return null;
        }
    }

    @Override
    public List<String> drainWarnings() {
        List<String> drained = List.copyOf(warnings);
        warnings.clear();
        return drained;
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
