package io.somining.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.somining.ingest.parse.Decoding;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;

/** Settings of the ingest service ({@code ingest.*}). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Jobs may only read files below this folder. */
    Path dataDir();

    /** Rows stored per transaction; a batch is also the unit of progress. */
    @WithDefault("2000")
    int batchSize();

    /** A batch is also cut when its bodies reach this many characters, so that memory stays bounded. */
    @WithDefault("4000000")
    long batchMaxChars();

    /** Decompressed bytes allowed per compressed byte; beyond it a file is refused as a compression bomb. */
    @WithDefault("100")
    long maxCompressionRatio();

    /**
     * Decode {@code .7z} dumps with the system's liblzma when it is installed (~1.5 times xz-java's
     * speed here); false to always use xz-java.
     */
    @WithDefault("true")
    boolean nativeLzma();

    /**
     * How long the end of a first load may take: attaching the site's partition builds its secondary indexes in one
     * transaction (7 s for 1 GB of XML here, over 60 s, the default transaction timeout, for 20 GB).
     */
    @WithDefault("2h")
    java.time.Duration attachTimeout();

    default Decoding decoding() {
        return new Decoding(maxCompressionRatio(), nativeLzma());
    }
}
