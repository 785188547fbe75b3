package io.somining.ingest.service;

import io.somining.ingest.parse.SkippedRows;

import io.somining.ingest.parse.DumpLayout;
import io.somining.ingest.parse.PostRow;
import io.somining.ingest.repository.PostBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Reads a file's rows on its own thread and encodes them into batches, a few batches ahead of the
 * thread that stores them: parsing and PostgreSQL work overlap on two cores. Memory stays bounded by
 * the queue's depth and the batch's row and character caps, whatever the file's size.
 */
final class ReadAhead implements AutoCloseable {

    /** Batches read but not yet taken; two keep the store thread busy while a third is parsed. */
    private static final int DEPTH = 2;

    /** A batch with what the reader had reached when it was cut. */
    record Batch(List<PostRow> rows, PostBatch encoded, SkippedRows.Drained skipped, long position) {
    }

    private record Failure(Throwable cause) {
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param encoder encodes batches for storing; null for a validating job, which only counts rows
     */
    ReadAhead(DumpLayout.Opened opened, int maxRows, long maxChars, Function<List<PostRow>, PostBatch> encoder) {
        thread = new Thread(() -> read(opened, maxRows, maxChars, encoder), "ingest-read");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(DumpLayout.Opened opened, int maxRows, long maxChars,
            Function<List<PostRow>, PostBatch> encoder) {
        try {
            List<PostRow> rows = new ArrayList<>(maxRows);
            long chars = 0;
            PostRow row;
            while ((row = opened.rows().next()) != null) {
                rows.add(row);
                chars += row.body() == null ? 0 : row.body().length();
                if (rows.size() == maxRows || chars >= maxChars) {
                    put(batch(opened, rows, encoder));
                    rows = new ArrayList<>(maxRows);
                    chars = 0;
                }
            }
            if (!rows.isEmpty()) {
                put(batch(opened, rows, encoder));
            }
            put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            try {
                put(new Failure(e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Batch batch(DumpLayout.Opened opened, List<PostRow> rows,
            Function<List<PostRow>, PostBatch> encoder) {
        return new Batch(rows, encoder == null ? null : encoder.apply(rows), opened.rows().drainSkipped(),
                opened.input().position());
    }

    private void put(Object item) throws InterruptedException {
        while (!closed) {
            if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** The next batch, or null at the end of the file; a reading failure is thrown here, after every batch before it. */
    Batch next() throws Exception {
        Object item = queue.take();
        if (item == END) {
            queue.put(END);
            return null;
        }
        if (item instanceof Failure failure) {
            queue.put(failure);
            if (failure.cause() instanceof Exception e) {
                throw e;
            }
            throw (Error) failure.cause();
        }
        return (Batch) item;
    }

    /** Stops reading (when storing failed or the job was cancelled) and waits for the reader to let go of the file. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        queue.clear();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
