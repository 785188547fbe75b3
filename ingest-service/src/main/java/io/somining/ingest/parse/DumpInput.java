package io.somining.ingest.parse;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.io.input.ReadAheadInputStream;
import org.jboss.logging.Logger;

/**
 * A dump file's content, decompressed whatever the compression, which is recognized by the file's
 * first bytes and never by its name: plain, gzip, bzip2, xz, or a 7z archive (a site's archive of
 * all tables, or Stack Overflow's one archive per table), from which the Posts table is read.
 * Expansion beyond {@code maxRatio} times the compressed size is refused as a compression bomb.
 * Compressed input is decompressed on a thread of its own, one buffer ahead of the parser, so that
 * decompression and parsing use two cores instead of taking turns on one.
 */
public final class DumpInput implements AutoCloseable {

    public enum Compression { NONE, GZIP, BZIP2, XZ, SEVEN_Z }

    private static final Logger LOG = Logger.getLogger(DumpInput.class);

    /** Below this many decompressed bytes the ratio is not checked (tiny files compress extremely well). */
    private static final long RATIO_FLOOR = 64L << 20;
    private static final int READ_AHEAD_BYTES = 1 << 20;

    private final InputStream content;
    private final Counter raw;
    private final Counter decompressed;
    private final long fileSize;
    private final long expandedSize;
    private final AutoCloseable archive;
    private final java.security.MessageDigest digest;
    private final ArchiveHash archiveHash;

    private DumpInput(InputStream content, Counter raw, Counter decompressed, long fileSize, long expandedSize,
            AutoCloseable archive, java.security.MessageDigest digest, ArchiveHash archiveHash) {
        this.digest = digest;
        this.archiveHash = archiveHash;
        this.content = content;
        this.raw = raw;
        this.decompressed = decompressed;
        this.fileSize = fileSize;
        this.expandedSize = expandedSize;
        this.archive = archive;
    }

    public static Compression detect(Path file) throws IOException {
        byte[] magic = new byte[6];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(magic, 0, magic.length);
        }
        if (n >= 2 && (magic[0] & 0xFF) == 0x1F && (magic[1] & 0xFF) == 0x8B) {
            return Compression.GZIP;
        }
        if (n >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return Compression.BZIP2;
        }
        if (n >= 6 && (magic[0] & 0xFF) == 0xFD && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) {
            return Compression.XZ;
        }
        if (n >= 6 && magic[0] == '7' && magic[1] == 'z' && (magic[2] & 0xFF) == 0xBC && (magic[3] & 0xFF) == 0xAF
                && magic[4] == 0x27 && magic[5] == 0x1C) {
            return Compression.SEVEN_Z;
        }
        return Compression.NONE;
    }

    /**
     * Checks from its header alone, decoding nothing, that a 7z archive holds a Posts table (or only
     * one entry), and answers that entry's name; an IllegalArgumentException says why not.
     */
    public static String requirePostsEntry(Path file) {
        try (SevenZFile archive = SevenZFile.builder().setPath(file).get()) {
            return postsEntry(archive, file).getName();
        } catch (IOException unreadable) {
            throw new IllegalArgumentException("not a dump: " + file + " is an unreadable 7z archive ("
                    + unreadable.getMessage() + ")", unreadable);
        }
    }

    /** Whether an archive entry, by its name, is the Posts table ({@code Posts.xml} in any folder and case). */
    public static boolean isPostsTable(String entryName) {
        return Path.of(entryName).getFileName().toString().equalsIgnoreCase("posts.xml");
    }

    /** Opens a file's content; for a 7z archive, its Posts table (or its only entry). */
    public static DumpInput open(Path file, Decoding decoding) throws IOException {
        long maxRatio = decoding.maxCompressionRatio();
        Compression compression = detect(file);
        long fileSize = Files.size(file);
        if (compression == Compression.SEVEN_Z) {
            SevenZFile archive = SevenZFile.builder().setPath(file).get();
            try {
                SevenZArchiveEntry entry = postsEntry(archive, file);
                if (entry.getSize() > Math.max(RATIO_FLOOR, fileSize * maxRatio)) {
                    throw new IllegalArgumentException(file + ": entry " + entry.getName() + " would expand to "
                            + entry.getSize() + " bytes, over " + maxRatio + " times the archive's size: refused as a compression bomb");
                }
                InputStream native7z = decoding.nativeLzma() ? nativeContent(file, entry) : null;
                Counter decompressed = new Counter(native7z != null ? native7z : archive.getInputStream(entry));
                InputStream guarded = new RatioGuard(decompressed, decompressed, () -> fileSize, maxRatio, file);
                return new DumpInput(decompressAhead(guarded), null, decompressed,
                        fileSize, entry.getSize(), archive, null, new ArchiveHash(file));
            } catch (IOException | RuntimeException e) {
                archive.close();
                throw e;
            }
        }
        java.security.MessageDigest digest = sha256();
        Counter raw = new Counter(new java.security.DigestInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), digest));
        InputStream stream = switch (compression) {
            case GZIP -> new GZIPInputStream(raw, 1 << 16);
            case BZIP2 -> new BZip2CompressorInputStream(raw, true);
            case XZ -> new XZCompressorInputStream(raw, true);
            default -> raw;
        };
        Counter decompressed = new Counter(stream);
        InputStream content = compression == Compression.NONE ? decompressed
                : decompressAhead(new RatioGuard(decompressed, decompressed, raw::count, maxRatio, file));
        return new DumpInput(content, raw, decompressed, fileSize, -1, null, digest, null);
    }

    private static InputStream decompressAhead(InputStream decompressing) throws IOException {
        return ReadAheadInputStream.builder().setInputStream(decompressing).setBufferSize(READ_AHEAD_BYTES).get();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SHA-256 of the whole file, once its content was read to its end. */
    public java.util.Optional<String> sha256OfFile() {
        if (archiveHash != null) {
            return decompressed.count() < expandedSize ? java.util.Optional.empty() : archiveHash.await();
        }
        if (raw.count() < fileSize) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(java.util.HexFormat.of().formatHex(digest.digest()));
    }

    /**
     * The entry decoded by liblzma, when it is installed, the archive's layout (read here) agrees with
     * commons-compress's on the entry's name, size and CRC (when it knows it), and its folder is one LZMA or LZMA2 coder (what
     * 7-Zip writes for dumps); null otherwise, for commons-compress to decode it with xz-java.
     */
    private static InputStream nativeContent(Path file, SevenZArchiveEntry entry) {
        if (!NativeLzma.available()) {
            return null;
        }
        try {
            SevenZipLayout layout = SevenZipLayout.read(file);
            Long crc = entry.getHasCrc() ? entry.getCrcValue() : null;
            SevenZipLayout.Entry located = layout.entries().stream()
                    .filter(e -> e.folder() >= 0 && e.name() != null && e.name().equals(entry.getName())
                            && e.size() == entry.getSize() && (crc == null || crc.equals(e.crc())))
                    .findFirst().orElse(null);
            if (located == null) {
                LOG.warnf("%s: entry %s not found where expected; decoding it with xz-java", file, entry.getName());
                return null;
            }
            SevenZipLayout.Folder folder = layout.folder(located);
            if (!folder.single() || !NativeLzma.supports(folder.coders().get(0))) {
                return null;
            }
            return NativeLzma.entry(file, folder, located);
        } catch (IOException e) {
            LOG.warnf("%s: %s; decoding it with xz-java", file, e.getMessage());
            return null;
        }
    }

    private static SevenZArchiveEntry postsEntry(SevenZFile archive, Path file) {
        SevenZArchiveEntry only = null;
        int files = 0;
        for (SevenZArchiveEntry entry : archive.getEntries()) {
            if (entry.isDirectory()) {
                continue;
            }
            files++;
            only = entry;
            if (isPostsTable(entry.getName())) {
                return entry;
            }
        }
        if (files == 1) {
            return only;
        }
        throw new IllegalArgumentException(file + ": a 7z archive of " + files + " files without Posts.xml");
    }

    public InputStream content() {
        return content;
    }

    /** How far into the file the reading is, in the file's own bytes (estimated inside a 7z archive). */
    public long position() {
        if (raw != null) {
            return raw.count();
        }
        return expandedSize <= 0 ? 0 : (long) ((double) decompressed.count() / expandedSize * fileSize);
    }

    @Override
    public void close() throws IOException {
        if (archiveHash != null) {
            archiveHash.cancel();
        }
        try {
            content.close();
        } finally {
            if (archive != null) {
                try {
                    archive.close();
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
    }

    /**
     * The SHA-256 of a 7z archive, read as one stream on a thread of its own beside the decoding,
     * which reads the archive's entries by random access. With the CPU's SHA instructions this costs
     * about a second of one core per GB.
     */
    private static final class ArchiveHash {
        private final java.util.concurrent.CompletableFuture<String> hex = new java.util.concurrent.CompletableFuture<>();
        private final Path file;
        private volatile boolean cancelled;

        ArchiveHash(Path file) {
            this.file = file;
            Thread hashing = new Thread(this::run, "sha256 " + file.getFileName());
            hashing.setDaemon(true);
            hashing.start();
        }

        private void run() {
            java.security.MessageDigest digest = sha256();
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; !cancelled && (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
                hex.complete(cancelled ? null : java.util.HexFormat.of().formatHex(digest.digest()));
            } catch (IOException | RuntimeException e) {
                hex.completeExceptionally(e);
            }
        }

        java.util.Optional<String> await() {
            try {
                return java.util.Optional.ofNullable(hex.join());
            } catch (java.util.concurrent.CompletionException e) {
                LOG.warnf("%s: no checksum, the archive could not be read whole (%s)", file, e.getCause().getMessage());
                return java.util.Optional.empty();
            }
        }

        void cancel() {
            cancelled = true;
        }
    }

    /** Counts the bytes read through it. */
    static final class Counter extends FilterInputStream {
        private volatile long count;

        Counter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        long count() {
            return count;
        }
    }

    /** Fails the read once the output outgrows the input by more than the allowed ratio. */
    private static final class RatioGuard extends FilterInputStream {
        private final Counter out;
        private final java.util.function.LongSupplier in;
        private final long maxRatio;
        private final Path file;

        RatioGuard(InputStream stream, Counter out, java.util.function.LongSupplier in, long maxRatio, Path file) {
            super(stream);
            this.out = out;
            this.in = in;
            this.maxRatio = maxRatio;
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            check();
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            check();
            return n;
        }

        private void check() throws IOException {
            long expanded = out.count();
            if (expanded > RATIO_FLOOR && expanded > Math.max(1, in.getAsLong()) * maxRatio) {
                throw new IOException(file + ": decompressed " + expanded + " bytes from " + in.getAsLong()
                        + ", over " + maxRatio + " times: refused as a compression bomb");
            }
        }
    }
}
