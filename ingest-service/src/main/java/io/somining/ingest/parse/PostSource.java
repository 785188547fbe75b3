package io.somining.ingest.parse;

import java.io.Closeable;

/** A stream of post rows read from one file; {@link #next()} answers null at the end. */
public interface PostSource extends Closeable {

    PostRow next() throws DumpFormatException;

    /** Rows skipped since the last call because a required field was missing or malformed. */
    SkippedRows.Drained drainSkipped();
}
