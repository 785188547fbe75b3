package io.somining.ingest.parse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;

/**
 * Where the files of a 7z archive lie: the folder (compressed stream) that holds each file, the
 * file's offset in the folder's decompressed content, and where the folder's compressed bytes are.
 * Read from the archive's header as 7-Zip's {@code 7zFormat.txt} describes it, so that a folder can
 * be handed to another decoder than commons-compress's; headers that 7-Zip compressed are decoded
 * here too (they are small).
 */
final class SevenZipLayout {

    private static final byte[] LZMA = { 3, 1, 1 };
    private static final byte[] LZMA2 = { 0x21 };

    private static final byte[] SIGNATURE = { '7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C };
    private static final int SIGNATURE_HEADER_SIZE = 32;
    /** Stack Overflow's own header is a few hundred bytes; a larger one is not a dump's. */
    private static final long MAX_HEADER_BYTES = 64L << 20;
    private static final int MAX_COUNT = 1 << 24;

    private static final int END = 0x00;
    private static final int HEADER = 0x01;
    private static final int ARCHIVE_PROPERTIES = 0x02;
    private static final int ADDITIONAL_STREAMS_INFO = 0x03;
    private static final int MAIN_STREAMS_INFO = 0x04;
    private static final int FILES_INFO = 0x05;
    private static final int PACK_INFO = 0x06;
    private static final int UNPACK_INFO = 0x07;
    private static final int SUBSTREAMS_INFO = 0x08;
    private static final int SIZE = 0x09;
    private static final int CRC = 0x0A;
    private static final int FOLDER = 0x0B;
    private static final int CODERS_UNPACK_SIZE = 0x0C;
    private static final int NUM_UNPACK_STREAM = 0x0D;
    private static final int EMPTY_STREAM = 0x0E;
    private static final int NAME = 0x11;
    private static final int ENCODED_HEADER = 0x17;

    /** One coder of a folder: its method id and properties (for LZMA2 the dictionary size). */
    record Coder(byte[] method, byte[] properties) {

        /** LZMA with its five property bytes (lc/lp/pb, dictionary size). */
        boolean isLzma() {
            return Arrays.equals(method, LZMA) && properties.length == 5;
        }

        /** LZMA2 with its one property byte (dictionary size). */
        boolean isLzma2() {
            return Arrays.equals(method, LZMA2) && properties.length == 1;
        }
    }

    /**
     * A compressed stream and how to decode it.
     *
     * @param single whether one coder turns the folder's one packed stream into its content (no filter chain)
     * @param packOffset where the packed stream starts in the file
     */
    record Folder(List<Coder> coders, boolean single, long packOffset, long packSize, long unpackSize) {
    }

    /** A file of the archive; {@code folder} is -1 for an empty file or a directory. */
    record Entry(String name, long size, Long crc, int folder, long offsetInFolder) {
    }

    private final List<Folder> folders;
    private final List<Entry> entries;

    private SevenZipLayout(List<Folder> folders, List<Entry> entries) {
        this.folders = folders;
        this.entries = entries;
    }

    List<Entry> entries() {
        return entries;
    }

    Folder folder(Entry entry) {
        return folders.get(entry.folder());
    }

    /** Reads the layout of a 7z archive; an IOException says why it cannot (malformed, unsupported). */
    static SevenZipLayout read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // read past its end, sizes that overflow, a negative length
            throw new IOException(file + ": malformed 7z header", e);
        }
    }

    private static SevenZipLayout read(FileChannel channel) throws IOException {
        ByteBuffer start = readFully(channel, 0, SIGNATURE_HEADER_SIZE);
        byte[] signature = new byte[SIGNATURE.length];
        start.get(signature);
        if (!Arrays.equals(signature, SIGNATURE)) {
            throw new IOException("not a 7z archive");
        }
        if (crc(start, 12, 20) != Integer.toUnsignedLong(start.getInt(8))) {
            throw new IOException("the 7z start header does not match its CRC");
        }
        long nextOffset = start.getLong(12);
        long nextSize = start.getLong(20);
        if (nextOffset < 0 || nextSize <= 0 || nextSize > MAX_HEADER_BYTES
                || SIGNATURE_HEADER_SIZE + nextOffset + nextSize > channel.size()) {
            throw new IOException("the 7z header lies outside the file (truncated?)");
        }
        ByteBuffer header = readFully(channel, SIGNATURE_HEADER_SIZE + nextOffset, (int) nextSize);
        if (crc(header, 0, (int) nextSize) != Integer.toUnsignedLong(start.getInt(28))) {
            throw new IOException("the 7z header does not match its CRC");
        }
        while ((header.get(0) & 0xFF) == ENCODED_HEADER) {
            header.get();
            header = decodeHeader(channel, readStreamsInfo(header));
        }
        return readHeader(header);
    }

    private static long crc(ByteBuffer buffer, int from, int length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(buffer.slice(from, length));
        return crc.getValue();
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("7z archive ends inside its header");
            }
        }
        return buffer.flip();
    }

    private static ByteBuffer decodeHeader(FileChannel channel, Streams streams) throws IOException {
        if (streams.folders.size() != 1 || !streams.folders.get(0).single) {
            throw new IOException("unsupported 7z header encoding");
        }
        Folder folder = streams.folders.get(0);
        if (folder.unpackSize > MAX_HEADER_BYTES) {
            throw new IOException("7z header too large: " + folder.unpackSize + " bytes");
        }
        channel.position(folder.packOffset);
        InputStream packed = new java.io.BufferedInputStream(Channels.newInputStream(channel));
        Coder coder = folder.coders.get(0);
        byte[] props = coder.properties;
        InputStream decoded;
        if (coder.isLzma()) {
            int dictionary = ByteBuffer.wrap(props, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
            decoded = new LZMAInputStream(packed, folder.unpackSize, props[0], dictionary);
        } else if (coder.isLzma2()) {
            decoded = new LZMA2InputStream(packed, lzma2Dictionary(props[0]));
        } else if (coder.method.length == 1 && coder.method[0] == 0) {
            decoded = packed; // stored
        } else {
            throw new IOException("unsupported 7z header coder " + Arrays.toString(coder.method));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) folder.unpackSize);
        out.write(decoded.readNBytes((int) folder.unpackSize));
        if (out.size() != folder.unpackSize) {
            throw new IOException("7z header ends early");
        }
        return ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** LZMA2's one property byte as a dictionary size (xz's rule; 40 means 4 GiB - 1). */
    static int lzma2Dictionary(byte property) {
        int bits = property & 0x3F;
        if (bits > 40) {
            throw new IllegalArgumentException("LZMA2 dictionary property " + bits);
        }
        return bits == 40 ? -1 : (2 | (bits & 1)) << (bits / 2 + 11);
    }

    private static SevenZipLayout readHeader(ByteBuffer header) throws IOException {
        expect(header, HEADER);
        int id = next(header);
        if (id == ARCHIVE_PROPERTIES) {
            for (int type = next(header); type != END; type = next(header)) {
                skip(header, number(header));
            }
            id = next(header);
        }
        if (id == ADDITIONAL_STREAMS_INFO) {
            readStreamsInfo(header);
            id = next(header);
        }
        Streams streams = new Streams();
        if (id == MAIN_STREAMS_INFO) {
            streams = readStreamsInfo(header);
            id = next(header);
        }
        List<Entry> entries = List.of();
        if (id == FILES_INFO) {
            entries = readFiles(header, streams);
            id = next(header);
        }
        if (id != END) {
            throw new IOException("unexpected 7z header property " + id);
        }
        return new SevenZipLayout(streams.folders, entries);
    }

    /** The main (or a header's) streams: folders with their packed streams, and the files' sizes in them. */
    private static final class Streams {
        long packPos;
        long[] packSizes = new long[0];
        List<Folder> folders = new ArrayList<>();
        int[] unpackStreams = new int[0];
        long[] sizes = new long[0];
        Long[] crcs = new Long[0];
    }

    private static Streams readStreamsInfo(ByteBuffer header) throws IOException {
        Streams streams = new Streams();
        int id = next(header);
        if (id == PACK_INFO) {
            streams.packPos = number(header);
            streams.packSizes = new long[count(header)];
            id = next(header);
            if (id == SIZE) {
                for (int i = 0; i < streams.packSizes.length; i++) {
                    streams.packSizes[i] = number(header);
                }
                id = next(header);
            }
            if (id == CRC) {
                digests(header, streams.packSizes.length);
                id = next(header);
            }
            requireEnd(id);
            id = next(header);
        }
        Long[] folderCrcs = new Long[0];
        if (id == UNPACK_INFO) {
            expect(header, FOLDER);
            int count = count(header);
            if (next(header) != 0) {
                throw new IOException("7z folders stored elsewhere are not supported");
            }
            List<int[]> shapes = new ArrayList<>();
            List<List<Coder>> coders = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                List<Coder> folderCoders = new ArrayList<>();
                shapes.add(readFolder(header, folderCoders));
                coders.add(folderCoders);
            }
            expect(header, CODERS_UNPACK_SIZE);
            long[] unpackSizes = new long[count];
            for (int i = 0; i < count; i++) {
                int[] shape = shapes.get(i);
                long[] outSizes = new long[shape[0]];
                for (int j = 0; j < outSizes.length; j++) {
                    outSizes[j] = number(header);
                }
                unpackSizes[i] = outSizes[shape[2]];
            }
            id = next(header);
            if (id == CRC) {
                folderCrcs = digests(header, count);
                id = next(header);
            } else {
                folderCrcs = new Long[count];
            }
            requireEnd(id);
            int packIndex = 0;
            long packOffset = SIGNATURE_HEADER_SIZE + streams.packPos;
            for (int i = 0; i < count; i++) {
                int packedStreams = shapes.get(i)[1];
                if (packIndex + packedStreams > streams.packSizes.length) {
                    throw new IOException("7z folder without its packed stream");
                }
                long packSize = streams.packSizes[packIndex];
                boolean single = coders.get(i).size() == 1 && shapes.get(i)[0] == 1 && packedStreams == 1;
                streams.folders.add(new Folder(List.copyOf(coders.get(i)), single, packOffset, packSize, unpackSizes[i]));
                for (int j = 0; j < packedStreams; j++) {
                    packOffset += streams.packSizes[packIndex++];
                }
            }
            id = next(header);
        }
        int folders = streams.folders.size();
        streams.unpackStreams = new int[folders];
        Arrays.fill(streams.unpackStreams, 1);
        boolean substreams = id == SUBSTREAMS_INFO;
        if (substreams) {
            id = next(header);
            if (id == NUM_UNPACK_STREAM) {
                for (int i = 0; i < folders; i++) {
                    streams.unpackStreams[i] = count(header);
                }
                id = next(header);
            }
        }
        long total = Arrays.stream(streams.unpackStreams).asLongStream().sum();
        if (total > MAX_COUNT) {
            throw new IOException("7z header lists " + total + " files in its folders");
        }
        streams.sizes = new long[(int) total];
        streams.crcs = new Long[(int) total];
        int stream = 0;
        boolean sizesGiven = id == SIZE;
        for (int i = 0; i < folders; i++) {
            int n = streams.unpackStreams[i];
            long sum = 0;
            for (int j = 0; j < n - 1; j++) {
                if (!sizesGiven) {
                    throw new IOException("7z folder of " + n + " files without their sizes");
                }
                long size = number(header);
                streams.sizes[stream++] = size;
                sum += size;
            }
            if (n > 0) {
                long last = streams.folders.get(i).unpackSize - sum;
                if (last < 0) {
                    throw new IOException("7z file sizes exceed their folder");
                }
                streams.sizes[stream++] = last;
            }
        }
        if (sizesGiven) {
            id = next(header);
        }
        int unknownCrcs = 0;
        for (int i = 0; i < folders; i++) {
            if (streams.unpackStreams[i] != 1 || folderCrcs.length <= i || folderCrcs[i] == null) {
                unknownCrcs += streams.unpackStreams[i];
            }
        }
        Long[] crcs = id == CRC ? digests(header, unknownCrcs) : new Long[unknownCrcs];
        if (id == CRC) {
            id = next(header);
        }
        stream = 0;
        int unknown = 0;
        for (int i = 0; i < folders; i++) {
            if (streams.unpackStreams[i] == 1 && folderCrcs.length > i && folderCrcs[i] != null) {
                streams.crcs[stream++] = folderCrcs[i];
            } else {
                for (int j = 0; j < streams.unpackStreams[i]; j++) {
                    streams.crcs[stream++] = crcs[unknown++];
                }
            }
        }
        requireEnd(id);
        if (substreams) {
            requireEnd(next(header)); // the substreams' end was read above: this is the streams info's
        }
        return streams;
    }

    /**
     * Reads one folder's coders into {@code coders}; answers its shape: {total out streams, packed
     * streams, index of the out stream that is the folder's content}.
     */
    private static int[] readFolder(ByteBuffer header, List<Coder> coders) throws IOException {
        int count = count(header);
        int inTotal = 0;
        int outTotal = 0;
        for (int i = 0; i < count; i++) {
            int flags = next(header);
            if ((flags & 0x80) != 0) {
                throw new IOException("7z alternative coder methods are not supported");
            }
            byte[] method = new byte[flags & 0x0F];
            header.get(method);
            int in = 1;
            int out = 1;
            if ((flags & 0x10) != 0) {
                in = count(header);
                out = count(header);
            }
            byte[] properties = new byte[0];
            if ((flags & 0x20) != 0) {
                properties = new byte[count(header)];
                header.get(properties);
            }
            coders.add(new Coder(method, properties));
            inTotal += in;
            outTotal += out;
        }
        boolean[] boundOut = new boolean[outTotal];
        for (int i = 0; i < outTotal - 1; i++) {
            number(header); // in index
            int outIndex = count(header);
            if (outIndex >= outTotal) {
                throw new IOException("7z bind pair out of range");
            }
            boundOut[outIndex] = true;
        }
        int packed = inTotal - (outTotal - 1);
        if (packed > 1) {
            for (int i = 0; i < packed; i++) {
                number(header);
            }
        }
        int content = 0;
        while (content < outTotal - 1 && boundOut[content]) {
            content++;
        }
        return new int[] { outTotal, packed, content };
    }

    private static List<Entry> readFiles(ByteBuffer header, Streams streams) throws IOException {
        int files = count(header);
        boolean[] empty = new boolean[files];
        String[] names = new String[files];
        for (int type = next(header); type != END; type = next(header)) {
            long size = number(header);
            int end = Math.addExact(header.position(), Math.toIntExact(size));
            if (type == EMPTY_STREAM) {
                empty = bits(header, files);
            } else if (type == NAME) {
                if (next(header) != 0) {
                    throw new IOException("7z names stored elsewhere are not supported");
                }
                byte[] utf16 = new byte[end - header.position()];
                header.get(utf16);
                String[] all = new String(utf16, StandardCharsets.UTF_16LE).split("\0", -1);
                for (int i = 0; i < files && i < all.length; i++) {
                    names[i] = all[i];
                }
            }
            header.position(end);
        }
        List<Entry> entries = new ArrayList<>(files);
        int folder = 0;
        int inFolder = 0;
        int stream = 0;
        long offset = 0;
        for (int i = 0; i < files; i++) {
            if (empty[i]) {
                entries.add(new Entry(names[i], 0, null, -1, 0));
                continue;
            }
            while (folder < streams.unpackStreams.length && streams.unpackStreams[folder] == 0) {
                folder++;
            }
            if (folder >= streams.unpackStreams.length || stream >= streams.sizes.length) {
                throw new IOException("7z archive lists more files than its streams hold");
            }
            long size = streams.sizes[stream];
            entries.add(new Entry(names[i], size, streams.crcs[stream], folder, offset));
            stream++;
            offset += size;
            if (++inFolder == streams.unpackStreams[folder]) {
                folder++;
                inFolder = 0;
                offset = 0;
            }
        }
        return List.copyOf(entries);
    }

    private static Long[] digests(ByteBuffer header, int count) {
        boolean[] defined = next(header) != 0 ? all(count) : bits(header, count);
        Long[] crcs = new Long[count];
        for (int i = 0; i < count; i++) {
            if (defined[i]) {
                crcs[i] = header.getInt() & 0xFFFFFFFFL;
            }
        }
        return crcs;
    }

    private static boolean[] all(int count) {
        boolean[] bits = new boolean[count];
        Arrays.fill(bits, true);
        return bits;
    }

    private static boolean[] bits(ByteBuffer header, int count) {
        boolean[] bits = new boolean[count];
        int current = 0;
        for (int i = 0; i < count; i++) {
            if (i % 8 == 0) {
                current = next(header);
            }
            bits[i] = (current & (0x80 >> (i % 8))) != 0;
        }
        return bits;
    }

    /** 7z's variable-length number: the first byte's leading ones say how many bytes follow. */
    private static long number(ByteBuffer header) {
        int first = next(header);
        long value = 0;
        int mask = 0x80;
        for (int i = 0; i < 8; i++) {
            if ((first & mask) == 0) {
                return value | ((long) (first & (mask - 1)) << (8 * i));
            }
            value |= (long) next(header) << (8 * i);
            mask >>>= 1;
        }
        return value;
    }

    /**
     * A count of things the header then lists: each takes at least a bit of it, so a count beyond
     * that is a malformed header, refused before any array is sized by it.
     */
    private static int count(ByteBuffer header) throws IOException {
        long value = number(header);
        if (value < 0 || value > MAX_COUNT || value > 8L * header.remaining() + 8) {
            throw new IOException("7z header count out of range: " + value);
        }
        return (int) value;
    }

    private static int next(ByteBuffer header) {
        return header.get() & 0xFF;
    }

    private static void skip(ByteBuffer header, long bytes) {
        header.position(Math.addExact(header.position(), Math.toIntExact(bytes)));
    }

    private static void expect(ByteBuffer header, int id) throws IOException {
        int found = next(header);
        if (found != id) {
            throw new IOException("7z header: expected property " + id + ", found " + found);
        }
    }

    private static void requireEnd(int id) throws IOException {
        if (id != END) {
            throw new IOException("7z header: expected its end, found property " + id);
        }
    }
}
