package io.somining.ingest.parse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Streams the rows of a dump's {@code Posts.xml} ({@link RowXmlScanner}): constant memory whatever the
 * file's size. No DTD is read and no entity other than XML's five exists; characters that XML 1.0
 * forbids but real dumps contain as references ({@code &#x0E;}) are accepted.
 */
public final class PostsXmlReader implements PostSource {

    private static final String[] COLUMNS = Arrays.stream(Fields.Column.values()).map(Enum::name).toArray(String[]::new);

    private final String file;
    private final InputStream input;
    private final RowXmlScanner scanner;
    private final SkippedRows skipped = new SkippedRows();

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
            skipped.skip(file, line, e.getMessage(), scanner.value(Fields.Column.Id.ordinal()));
            return null;
        }
    }

    @Override
    public SkippedRows.Drained drainSkipped() {
        return skipped.drain();
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
