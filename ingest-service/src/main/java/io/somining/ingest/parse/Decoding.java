package io.somining.ingest.parse;

/**
 * How dump files are decompressed.
 *
 * @param maxCompressionRatio decompressed bytes allowed per compressed byte; beyond it a file is refused as a compression bomb
 * @param nativeLzma decode {@code .7z} archives with the system's liblzma when it is there (else, and when false, with xz-java)
 */
public record Decoding(long maxCompressionRatio, boolean nativeLzma) {
}
