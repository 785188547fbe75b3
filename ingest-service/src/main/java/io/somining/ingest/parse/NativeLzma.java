package io.somining.ingest.parse;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.jboss.logging.Logger;

/**
 * LZMA and LZMA2 decoding by the system's liblzma (XZ Utils), called through JNA: on this kind of
 * machine it decodes ~1.5 times as fast as the pure-Java decoder (xz-java), which alone could not
 * feed the parser of a {@code .7z} dump. Not every system has liblzma: {@link #available()} says
 * whether it was found, and callers fall back to xz-java.
 */
final class NativeLzma {

    private static final Logger LOG = Logger.getLogger(NativeLzma.class);

    private static final long FILTER_LZMA1 = 0x4000000000000001L;
    private static final long FILTER_LZMA2 = 0x21L;
    private static final long VLI_UNKNOWN = -1L;
    private static final int RUN = 0;
    private static final int OK = 0;
    private static final int STREAM_END = 1;
    private static final int DICT_SIZE_MIN = 4096;

    // lzma_stream on a 64-bit system: next_in, avail_in, total_in, next_out, avail_out, total_out, ...
    private static final int STREAM_SIZE = 136;
    private static final int NEXT_IN = 0;
    private static final int AVAIL_IN = 8;
    private static final int NEXT_OUT = 24;
    private static final int AVAIL_OUT = 32;

    private static final int BUFFER_BYTES = 1 << 20;

    private static final boolean AVAILABLE = register();

    private NativeLzma() {
    }

    private static boolean register() {
        if (Native.POINTER_SIZE != 8) {
            return false;
        }
        // the development symlink liblzma.so is often missing: the runtime library is liblzma.so.5
        for (String name : new String[] { "lzma", "liblzma.so.5" }) {
            try {
                Native.register(NativeLzma.class, NativeLibrary.getInstance(name));
                LOG.infof("LZMA decoding: native liblzma (%s)", name);
                return true;
            } catch (UnsatisfiedLinkError | IllegalArgumentException e) {
                LOG.debugf("liblzma as %s: %s", name, e.getMessage());
            }
        }
        LOG.info("LZMA decoding: xz-java (no native liblzma found)");
        return false;
    }

    static boolean available() {
        return AVAILABLE;
    }

    private static native int lzma_properties_decode(Pointer filter, Pointer allocator, Pointer props, long size);

    private static native int lzma_raw_decoder(Pointer stream, Pointer filters);

    private static native int lzma_code(Pointer stream, int action);

    private static native void lzma_end(Pointer stream);

    /** Whether this coder can be decoded here: LZMA or LZMA2 with well-formed properties. */
    static boolean supports(SevenZipLayout.Coder coder) {
        return coder.isLzma() || coder.isLzma2();
    }

    /**
     * A file of the archive whose folder is one LZMA or LZMA2 coder: the folder is decoded from its
     * start (in a solid archive the files before this one are decoded and dropped), the file's bytes
     * are served, and at their end checked against the file's CRC.
     */
    static InputStream entry(Path file, SevenZipLayout.Folder folder, SevenZipLayout.Entry entry) throws IOException {
        if (!AVAILABLE) {
            throw new IllegalStateException("liblzma is not available");
        }
        EntryDecoder decoder = new EntryDecoder(file, folder, entry);
        try {
            decoder.discard(entry.offsetInFolder());
        } catch (IOException | RuntimeException e) {
            decoder.close();
            throw e;
        }
        return decoder;
    }

    private static final class EntryDecoder extends InputStream {
        private final Path file;
        private final SevenZipLayout.Entry entry;
        private final FileChannel channel;
        private final long packEnd;
        private final Memory stream = new Memory(STREAM_SIZE);
        private final Memory in = new Memory(BUFFER_BYTES);
        private final ByteBuffer inBuffer = in.getByteBuffer(0, BUFFER_BYTES);
        private final Memory out = new Memory(BUFFER_BYTES);
        private final CRC32 crc = new CRC32();
        private long packPosition;
        private long remaining;
        private boolean ended;

        EntryDecoder(Path file, SevenZipLayout.Folder folder, SevenZipLayout.Entry entry) throws IOException {
            this.file = file;
            this.entry = entry;
            this.packPosition = folder.packOffset();
            this.packEnd = folder.packOffset() + folder.packSize();
            this.remaining = entry.size();
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            try {
                start(folder.coders().get(0), folder.unpackSize());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private void start(SevenZipLayout.Coder coder, long unpackSize) throws IOException {
            stream.clear();
            Memory filters = new Memory(32);
            filters.clear();
            filters.setLong(0, coder.isLzma2() ? FILTER_LZMA2 : FILTER_LZMA1);
            filters.setLong(16, VLI_UNKNOWN);
            Memory props = new Memory(coder.properties().length);
            props.write(0, coder.properties(), 0, coder.properties().length);
            check(lzma_properties_decode(filters, null, props, coder.properties().length), "reading the coder's properties");
            Pointer options = filters.getPointer(8);
            try {
                // lzma_options_lzma starts with dict_size: no match reaches further back than the
                // content's start, so a dictionary larger than the content only costs memory
                long dictionary = Integer.toUnsignedLong(options.getInt(0));
                long needed = Math.max(DICT_SIZE_MIN, unpackSize);
                if (dictionary > needed) {
                    options.setInt(0, (int) needed);
                }
                check(lzma_raw_decoder(stream, filters), "starting the decoder");
            } finally {
                Native.free(Pointer.nativeValue(options));
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int produced = decode((int) Math.min(Math.min(length, BUFFER_BYTES), remaining));
            out.read(0, buffer, offset, produced);
            crc.update(buffer, offset, produced);
            remaining -= produced;
            if (remaining == 0 && entry.crc() != null && crc.getValue() != entry.crc()) {
                throw new IOException(file + ": entry " + entry.name() + " does not match its CRC (corrupt archive)");
            }
            return produced;
        }

        /** Decodes and drops the folder's next {@code bytes} (the files before this one). */
        void discard(long bytes) throws IOException {
            while (bytes > 0) {
                bytes -= decode((int) Math.min(bytes, BUFFER_BYTES));
            }
        }

        /** Decodes up to {@code wanted} (at least one) bytes into {@code out}; answers how many. */
        private int decode(int wanted) throws IOException {
            stream.setPointer(NEXT_OUT, out);
            stream.setLong(AVAIL_OUT, wanted);
            while (true) {
                if (stream.getLong(AVAIL_IN) == 0 && packPosition < packEnd) {
                    fill();
                }
                int result = ended ? STREAM_END : lzma_code(stream, RUN);
                int produced = wanted - (int) stream.getLong(AVAIL_OUT);
                if (result == STREAM_END) {
                    ended = true;
                } else {
                    check(result, "decoding");
                }
                if (produced > 0) {
                    return produced;
                }
                if (ended || stream.getLong(AVAIL_IN) == 0 && packPosition >= packEnd) {
                    throw new IOException(file + ": entry " + entry.name() + " of the 7z archive ends "
                            + remaining + " bytes early (truncated?)");
                }
            }
        }

        private void fill() throws IOException {
            inBuffer.clear();
            inBuffer.limit((int) Math.min(BUFFER_BYTES, packEnd - packPosition));
            int read = channel.read(inBuffer, packPosition);
            if (read <= 0) {
                throw new IOException(file + ": the 7z archive ends inside its compressed data (truncated?)");
            }
            packPosition += read;
            stream.setPointer(NEXT_IN, in);
            stream.setLong(AVAIL_IN, read);
        }

        private void check(int result, String doing) throws IOException {
            if (result != OK) {
                throw new IOException(file + ": liblzma failed " + doing + ": " + describe(result));
            }
        }

        @Override
        public void close() throws IOException {
            lzma_end(stream);
            channel.close();
        }
    }

    private static String describe(int result) {
        return switch (result) {
            case 5 -> "out of memory";
            case 8 -> "unsupported options";
            case 9 -> "corrupt compressed data";
            case 10 -> "no progress possible (truncated data?)";
            default -> "error " + result;
        };
    }
}
