package io.somining.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpInputTest {

    private static final Path POSTS = Path.of("../data/samples/ai.stackexchange.com_2017-03/Posts.xml");
    private static final Decoding DECODING = new Decoding(100, true);
    private static long rowsInFile;

    @TempDir
    Path folder;

    @BeforeAll
    static void countRows() throws IOException {
        Matcher rows = Pattern.compile("<row ").matcher(Files.readString(POSTS, StandardCharsets.UTF_8));
        while (rows.find()) {
            rowsInFile++;
        }
    }

    private static long rowsRead(Path file) throws Exception {
        DumpLayout layout = DumpLayout.of(file, DECODING);
        long rows = 0;
        try (DumpLayout.Opened opened = layout.open(file)) {
            while (opened.rows().next() != null) {
                rows++;
            }
        }
        return rows;
    }

    private Path compressed(String name, java.util.function.Function<OutputStream, OutputStream> compressor)
            throws IOException {
        Path file = folder.resolve(name);
        try (OutputStream out = compressor.apply(Files.newOutputStream(file))) {
            Files.copy(POSTS, out);
        }
        return file;
    }

    @Test
    void shouldReadEveryCompressionRecognizedByContentNotName() throws Exception {
        // given: misleading names, so that only the content can tell
        Path gzip = compressed("gzip.dat", out -> uncheck(() -> new GZIPOutputStream(out)));
        Path bzip2 = compressed("bzip2.dat", out -> uncheck(() -> new BZip2CompressorOutputStream(out)));
        Path xz = compressed("xz.dat", out -> uncheck(() -> new XZCompressorOutputStream(out)));
        Path sevenZ = folder.resolve("site.archive");
        try (SevenZOutputFile archive = new SevenZOutputFile(sevenZ.toFile())) {
            for (String table : new String[] { "Users.xml", "Posts.xml" }) {
                SevenZArchiveEntry entry = archive.createArchiveEntry(POSTS.toFile(), table);
                archive.putArchiveEntry(entry);
                archive.write(Files.readAllBytes(POSTS));
                archive.closeArchiveEntry();
            }
        }

        // then
        assertThat(DumpInput.detect(gzip)).isEqualTo(DumpInput.Compression.GZIP);
        assertThat(DumpInput.detect(bzip2)).isEqualTo(DumpInput.Compression.BZIP2);
        assertThat(DumpInput.detect(xz)).isEqualTo(DumpInput.Compression.XZ);
        assertThat(DumpInput.detect(sevenZ)).isEqualTo(DumpInput.Compression.SEVEN_Z);
        assertThat(DumpInput.detect(POSTS)).isEqualTo(DumpInput.Compression.NONE);
        for (Path file : new Path[] { POSTS, gzip, bzip2, xz, sevenZ }) {
            assertThat(rowsRead(file)).as(file.getFileName().toString()).isEqualTo(rowsInFile);
        }
        // a dump folder: its Posts table is found whatever the compression
        Path site = java.nio.file.Files.createDirectories(folder.resolve("ai.stackexchange.com_2017-03"));
        Files.copy(gzip, site.resolve("Posts.xml.gz"));
        DumpLayout layout = DumpLayout.of(site, DECODING);
        assertThat(layout.files()).containsExactly(site.resolve("Posts.xml.gz"));
        assertThat(layout.site()).hasValue("ai.stackexchange.com");
        assertThat(DumpLayout.of(POSTS.getParent(), DECODING).files()).containsExactly(POSTS);
    }

    @Test
    void shouldRefuseACompressionBomb() throws IOException {
        // given: 128 MB of zeros in a gzip file of a few hundred kB
        Path bomb = folder.resolve("Posts.xml.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(bomb))) {
            out.write("<posts><row Id=\"1\" Body=\"".getBytes(StandardCharsets.UTF_8));
            byte[] zeros = new byte[1 << 20];
            java.util.Arrays.fill(zeros, (byte) 'a');
            for (int i = 0; i < 128; i++) {
                out.write(zeros);
            }
        }

        // when / then
        assertThatThrownBy(() -> {
            try (DumpInput input = DumpInput.open(bomb, DECODING); InputStream in = input.content()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("refused as a compression bomb");
    }

    @Test
    void shouldRefuseAFileThatIsNotADump() throws IOException {
        Path binary = folder.resolve("Posts.xml");
        Files.write(binary, new byte[] { 0, 1, 2, 3, (byte) 0xFF, 0x10 });

        assertThatThrownBy(() -> DumpLayout.of(binary, DECODING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a dump");
    }

    private interface Opener {
        OutputStream open() throws IOException;
    }

    private static OutputStream uncheck(Opener opener) {
        try {
            return opener.open();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
