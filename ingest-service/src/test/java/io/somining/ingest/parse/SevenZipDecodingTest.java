package io.somining.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.FinishableWrapperOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.LZMAOutputStream;

/**
 * {@code .7z} dumps decoded by the system's liblzma: the archive's layout read from its header, the
 * Posts table decoded byte for byte as commons-compress (xz-java) decodes it, whatever the coder
 * (LZMA, LZMA2), the archive's shape (one folder per file, or a solid folder of several files with a
 * compressed header, as 7-Zip writes site dumps), and corruption reported, never passed on.
 */
class SevenZipDecodingTest {

    private static final Path POSTS = Path.of("../data/samples/ai.stackexchange.com_2017-03/Posts.xml");
    private static final Decoding NATIVE = new Decoding(100, true);
    private static final Decoding JAVA = new Decoding(100, false);
    private static byte[] posts;
    private static byte[] badges;

    @TempDir
    Path folder;

    @BeforeAll
    static void readTables() throws IOException {
        posts = Files.readAllBytes(POSTS);
        badges = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<badges>\n  <row Id=\"1\" UserId=\"2\" Name=\"Teacher\" />\n</badges>\n"
                .repeat(500).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldDecodeEachFileOfAnArchiveOfOneFolderPerFileWithLiblzma() throws Exception {
        assumeTrue(NativeLzma.available(), "liblzma is not installed here");
        for (SevenZMethod method : new SevenZMethod[] { SevenZMethod.LZMA2, SevenZMethod.LZMA }) {
            // given: an archive of two tables, written by commons-compress with this coder
            Path archive = folder.resolve(method + ".7z");
            try (SevenZOutputFile out = new SevenZOutputFile(archive.toFile())) {
                out.setContentCompression(method);
                add(out, "Badges.xml", badges);
                add(out, "Posts.xml", posts);
            }

            // when: its layout is read and each file decoded by liblzma
            SevenZipLayout layout = SevenZipLayout.read(archive);

            // then
            assertThat(layout.entries()).extracting(SevenZipLayout.Entry::name).containsExactly("Badges.xml", "Posts.xml");
            assertThat(decodedNatively(archive, layout, 0)).as(method + " Badges.xml").isEqualTo(badges);
            assertThat(decodedNatively(archive, layout, 1)).as(method + " Posts.xml").isEqualTo(posts);
            assertThat(content(archive, NATIVE)).as(method + " through DumpInput").isEqualTo(posts);
        }
    }

    @Test
    void shouldFindTheTableInsideASolidFolderBehindACompressedHeader() throws Exception {
        assumeTrue(NativeLzma.available(), "liblzma is not installed here");
        // given: one LZMA2 folder holding Badges.xml then Posts.xml, a directory, and a header
        // compressed with LZMA, as 7-Zip writes a site's dump
        Path archive = solidArchive();

        // when
        SevenZipLayout layout = SevenZipLayout.read(archive);

        // then: commons-compress reads the same archive the same way (the archive is well-formed) ...
        assertThat(viaCommonsCompress(archive, "Posts.xml")).isEqualTo(posts);
        // ... and the layout puts Posts.xml after Badges.xml in the one folder
        assertThat(layout.entries()).extracting(SevenZipLayout.Entry::name).containsExactly("Badges.xml", "tables", "Posts.xml");
        SevenZipLayout.Entry postsEntry = layout.entries().get(2);
        assertThat(postsEntry.folder()).isZero();
        assertThat(postsEntry.offsetInFolder()).isEqualTo(badges.length);
        assertThat(postsEntry.size()).isEqualTo(posts.length);
        assertThat(postsEntry.crc()).isEqualTo(crc(posts));
        assertThat(layout.entries().get(1).folder()).isEqualTo(-1);
        assertThat(content(archive, NATIVE)).isEqualTo(posts);
        assertThat(content(archive, JAVA)).isEqualTo(posts);
    }

    @Test
    void shouldGiveTheArchivesChecksumOnceItsPostsWereReadToTheirEnd() throws Exception {
        // given: a site archive, and its SHA-256 as coreutils computes it
        Path archive = solidArchive();
        Process sha256sum = new ProcessBuilder("sha256sum", archive.toString()).start();
        String expected = new String(sha256sum.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
        assertThat(sha256sum.waitFor()).isZero();

        for (Decoding decoding : new Decoding[] { JAVA, NATIVE }) {
            try (DumpInput input = DumpInput.open(archive, decoding)) {
                // when / then: none while the table is half read, the file's own once it is read whole
                input.content().readNBytes(100);
                assertThat(input.sha256OfFile()).as(decoding + ", half read").isEmpty();
                input.content().transferTo(OutputStream.nullOutputStream());
                assertThat(input.sha256OfFile()).as(decoding.toString()).contains(expected);
            }
        }
    }

    @Test
    void shouldReportCorruptCompressedDataNamingTheFile() throws Exception {
        assumeTrue(NativeLzma.available(), "liblzma is not installed here");
        // given: the solid archive with bytes in the middle of its compressed data changed
        Path archive = solidArchive();
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < 16; i++) {
            bytes[32 + 2000 + i] ^= 0x5A;
        }
        Files.write(archive, bytes);

        // when / then: decoding fails (corrupt data, or content that does not match its CRC)
        assertThatThrownBy(() -> content(archive, NATIVE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(archive.toString())
                .hasMessageMatching("(?s).*(corrupt|CRC).*");
    }

    @Test
    void shouldTellASiteArchiveFromItsHeaderAloneWithoutDecodingIt() throws Exception {
        // given: the solid archive with the start of its compressed data destroyed (any decoding fails at once)
        Path archive = solidArchive();
        byte[] bytes = Files.readAllBytes(archive);
        for (int i = 0; i < 16; i++) {
            bytes[32 + i] ^= 0x5A;
        }
        Files.write(archive, bytes);
        Path withoutPosts = folder.resolve("badges-only.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(withoutPosts.toFile())) {
            add(out, "Badges.xml", badges);
            add(out, "Tags.xml", badges);
        }

        // when
        DumpLayout layout = DumpLayout.of(archive, JAVA);

        // then: its layout came from the header (no decoding: that would have failed), the job's decoding fails
        assertThat(layout.format()).isEqualTo(DumpLayout.Format.POSTS_XML);
        assertThat(layout.files()).containsExactly(archive);
        assertThatThrownBy(() -> content(archive, JAVA)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> DumpLayout.of(withoutPosts, JAVA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("without Posts.xml");
    }

    @Test
    void shouldTakeAFoldersArchiveThatHoldsPostsAndPassOverArchivesOfOtherTables() throws Exception {
        // given: a dump folder whose archives sort with one of other tables first, as Stack Overflow's
        // one-archive-per-table folder does ("...-Badges.7z" before the site archive here)
        Path dump = Files.createDirectories(folder.resolve("site.example_2024-01"));
        try (SevenZOutputFile out = new SevenZOutputFile(dump.resolve("a-Badges.7z").toFile())) {
            add(out, "Badges.xml", badges);
        }
        Path site = Files.copy(solidArchive(), dump.resolve("site.example.7z"));
        Path onlyOthers = Files.createDirectories(folder.resolve("others.example_2024-01"));
        Files.copy(dump.resolve("a-Badges.7z"), onlyOthers.resolve("a-Badges.7z"));

        // when
        DumpLayout layout = DumpLayout.of(dump, JAVA);

        // then: the archive with the Posts table; a folder of other tables' archives is refused, naming them
        assertThat(layout.files()).containsExactly(site);
        assertThat(layout.site()).contains("site.example");
        assertThatThrownBy(() -> DumpLayout.of(onlyOthers, JAVA)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Posts table").hasMessageContaining("a-Badges.7z");
    }

    @Test
    void shouldDecodeWithXzJavaWhatLiblzmaIsNotGivenAndWhenTurnedOff() throws Exception {
        // given: a folder compressed with BZip2, which liblzma does not decode
        Path archive = folder.resolve("bzip2.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(archive.toFile())) {
            out.setContentCompression(SevenZMethod.BZIP2);
            add(out, "Posts.xml", posts);
        }

        // when / then: the Java decoders are used, with liblzma enabled or not
        assertThat(content(archive, NATIVE)).isEqualTo(posts);
        assertThat(content(archive, JAVA)).isEqualTo(posts);
    }

    @Test
    void shouldReadAMalformedHeaderAsAnIOExceptionNeverAnotherFailure() throws Exception {
        // given: an archive with a plain header, as commons-compress writes it
        Path archive = folder.resolve("plain-header.7z");
        try (SevenZOutputFile out = new SevenZOutputFile(archive.toFile())) {
            add(out, "Badges.xml", badges);
            add(out, "Posts.xml", posts);
        }
        byte[] original = Files.readAllBytes(archive);
        ByteBuffer start = ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN);
        int headerAt = (int) (32 + start.getLong(12));
        int headerSize = (int) start.getLong(20);
        java.util.Random random = new java.util.Random(7);
        int refused = 0;
        for (int round = 0; round < 300; round++) {
            // when: 1-4 bytes of its header changed, CRCs made to match, so that the parser sees them
            byte[] bytes = original.clone();
            for (int changes = 1 + random.nextInt(4); changes > 0; changes--) {
                bytes[headerAt + random.nextInt(headerSize)] = (byte) random.nextInt(256);
            }
            ByteBuffer fixed = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            fixed.putInt(28, (int) crc(java.util.Arrays.copyOfRange(bytes, headerAt, headerAt + headerSize)));
            fixed.putInt(8, (int) crc(java.util.Arrays.copyOfRange(bytes, 12, 32)));
            Path mutated = folder.resolve("mutated.7z");
            Files.write(mutated, bytes);

            // then: read, or refused with an IOException naming the file (no other exception, no
            // array sized by a count the header cannot hold)
            try {
                SevenZipLayout.read(mutated);
            } catch (IOException e) {
                assertThat(e).hasMessageContaining(mutated.toString()).hasMessageNotContaining("does not match its CRC");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        // and a header whose CRC does not match is refused as such
        byte[] corrupt = original.clone();
        corrupt[headerAt + 1] ^= 0x01;
        Path unchecked = folder.resolve("corrupt-header.7z");
        Files.write(unchecked, corrupt);
        assertThatThrownBy(() -> SevenZipLayout.read(unchecked)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match its CRC");
    }

    private static void add(SevenZOutputFile out, String name, byte[] content) throws IOException {
        SevenZArchiveEntry entry = new SevenZArchiveEntry();
        entry.setName(name);
        entry.setSize(content.length);
        out.putArchiveEntry(entry);
        out.write(content);
        out.closeArchiveEntry();
    }

    private static byte[] decodedNatively(Path archive, SevenZipLayout layout, int index) throws IOException {
        SevenZipLayout.Entry entry = layout.entries().get(index);
        try (InputStream in = NativeLzma.entry(archive, layout.folder(entry), entry)) {
            return in.readAllBytes();
        }
    }

    private static byte[] content(Path archive, Decoding decoding) throws IOException {
        try (DumpInput input = DumpInput.open(archive, decoding)) {
            return input.content().readAllBytes();
        }
    }

    private static byte[] viaCommonsCompress(Path archive, String name) throws IOException {
        try (SevenZFile file = SevenZFile.builder().setPath(archive).get()) {
            for (SevenZArchiveEntry entry : file.getEntries()) {
                if (entry.getName().equals(name)) {
                    return file.getInputStream(entry).readAllBytes();
                }
            }
        }
        throw new AssertionError(name + " not in " + archive);
    }

    private static long crc(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return crc.getValue();
    }

    /** Writes a solid archive by 7zFormat.txt: Badges.xml and Posts.xml in one LZMA2 folder, an empty directory, an LZMA header. */
    private Path solidArchive() throws IOException {
        LZMA2Options options = new LZMA2Options(3);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (OutputStream lzma2 = options.getOutputStream(new FinishableWrapperOutputStream(data))) {
            lzma2.write(badges);
            lzma2.write(posts);
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write(new byte[] { 0x01, 0x04, 0x06 }); // Header, MainStreamsInfo, PackInfo
        number(header, 0);
        number(header, 1);
        header.write(0x09);
        number(header, data.size());
        header.write(new byte[] { 0x00, 0x07, 0x0B }); // end of PackInfo; UnpackInfo, Folder
        number(header, 1);
        header.write(new byte[] { 0x00, 0x01, 0x21, 0x21, 0x01, lzma2Property(options.getDictSize()), 0x0C });
        number(header, (long) badges.length + posts.length);
        header.write(new byte[] { 0x00, 0x08, 0x0D, 0x02, 0x09 }); // SubStreamsInfo: 2 files, size of the first
        number(header, badges.length);
        header.write(new byte[] { 0x0A, 0x01 });
        header.write(littleEndian(crc(badges)));
        header.write(littleEndian(crc(posts)));
        header.write(new byte[] { 0x00, 0x00, 0x05, 0x03, 0x0E, 0x01, 0x40 }); // FilesInfo of 3: the 2nd is empty
        byte[] names = "Badges.xml\0tables\0Posts.xml\0".getBytes(StandardCharsets.UTF_16LE);
        header.write(0x11);
        number(header, names.length + 1L);
        header.write(0x00);
        header.write(names);
        header.write(new byte[] { 0x00, 0x00 }); // end of FilesInfo, end of Header

        ByteArrayOutputStream packedHeader = new ByteArrayOutputStream();
        LZMA2Options headerOptions = new LZMA2Options(1);
        try (OutputStream lzma = new LZMAOutputStream(packedHeader, headerOptions, false)) {
            header.writeTo(lzma);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        encoded.write(new byte[] { 0x17, 0x06 }); // EncodedHeader, PackInfo
        number(encoded, data.size());
        number(encoded, 1);
        encoded.write(0x09);
        number(encoded, packedHeader.size());
        encoded.write(new byte[] { 0x00, 0x07, 0x0B, 0x01, 0x00, 0x01, 0x23, 0x03, 0x01, 0x01, 0x05 });
        encoded.write((headerOptions.getPb() * 5 + headerOptions.getLp()) * 9 + headerOptions.getLc());
        encoded.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(headerOptions.getDictSize()).array());
        encoded.write(0x0C);
        number(encoded, header.size());
        encoded.write(new byte[] { 0x0A, 0x01 });
        encoded.write(littleEndian(crc(header.toByteArray())));
        encoded.write(new byte[] { 0x00, 0x00 });

        ByteBuffer start = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
        start.putLong((long) data.size() + packedHeader.size()).putLong(encoded.size())
                .putInt((int) crc(encoded.toByteArray()));
        Path archive = folder.resolve("solid.7z");
        try (OutputStream out = Files.newOutputStream(archive)) {
            out.write(new byte[] { '7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0x00, 0x04 });
            out.write(littleEndian(crc(start.array())));
            out.write(start.array());
            data.writeTo(out);
            packedHeader.writeTo(out);
            encoded.writeTo(out);
        }
        return archive;
    }

    private static byte lzma2Property(int dictionary) {
        for (byte p = 0; p < 40; p++) {
            if (SevenZipLayout.lzma2Dictionary(p) >= dictionary) {
                return p;
            }
        }
        return 40;
    }

    private static byte[] littleEndian(long crc) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc).array();
    }

    /** 7z's variable-length number (the writer's side of SevenZipLayout's reader). */
    private static void number(ByteArrayOutputStream out, long value) {
        int first = 0;
        int mask = 0x80;
        int extra;
        for (extra = 0; extra < 8; extra++) {
            if (value < (1L << (7 * (extra + 1)))) {
                first |= (int) (value >>> (8 * extra));
                break;
            }
            first |= mask;
            mask >>>= 1;
        }
        out.write(first);
        for (; extra > 0; extra--) {
            out.write((int) (value & 0xFF));
            value >>>= 8;
        }
    }
}
