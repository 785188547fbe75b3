package io.somining.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of the ingest service ({@code ingest.*}). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Jobs may only read files below this folder. */
    Path dataDir();

    /** Rows stored per transaction; a batch is also the unit of progress. */
    @WithDefault("1000")
    int batchSize();

    /** Decompressed bytes allowed per compressed byte; beyond it a file is refused as a compression bomb. */
    @WithDefault("100")
    long maxCompressionRatio();

    /** Accepted-answer links resolved per transaction at the end of a job. */
    @WithDefault("5000")
    int linkBatchSize();
}
