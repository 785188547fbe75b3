package io.somining.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries extracted into an empty folder, and again over the remains of extractions that died: each time
 * the folder holds exactly what a clean extraction holds, and zonky starts a server from it.
 */
class PostgresBinariesTest {

    @TempDir
    Path temp;

    @Test
    void shouldExtractIntoAnEmptyFolderAndStartPostgresFromIt() throws Exception {
        Path binaries = PostgresBinaries.prepare(temp.resolve("fresh"));

        assertThat(PostgresBinaries.isComplete(binaries)).isTrue();
        assertThat(binaries.resolve("bin/postgres")).isExecutable();
        assertThat(startsAndAnswers(temp.resolve("fresh"))).isEqualTo(1);
    }

    @Test
    void shouldRedoAnExtractionThatZonkyLeftHalfDone() throws Exception {
        Path reference = PostgresBinaries.prepare(temp.resolve("reference"));
        Map<String, Long> complete = contents(reference);
        // the state a killed or out-of-memory extraction leaves: no marker, a truncated file, a link whose
        // target was not written yet (zonky's next run failed on it with FileAlreadyExistsException)
        Path working = temp.resolve("interrupted");
        Path broken = Files.createDirectories(working.resolve(reference.getFileName()));
        Files.createDirectories(broken.resolve("bin"));
        Files.write(broken.resolve("bin/postgres"), new byte[] {0x7f, 'E', 'L', 'F'});
        Files.createDirectories(broken.resolve("lib"));
        String link = complete.keySet().stream().filter(p -> p.startsWith("lib/") && p.endsWith("@")).findFirst()
                .orElseThrow();
        Files.createSymbolicLink(broken.resolve(link.substring(0, link.length() - 1)), Path.of("not-there-yet.so"));
        Path abandoned = Files.createDirectories(working.resolve("PG.partial-123/bin"));

        Path binaries = PostgresBinaries.prepare(working);

        assertThat(binaries).isEqualTo(broken);
        assertThat(contents(binaries)).isEqualTo(complete);
        assertThat(abandoned.getParent()).doesNotExist();
        assertThat(startsAndAnswers(working)).isEqualTo(1);
    }

    @Test
    void shouldRedoAnExtractionOfZonkysOwnThatRanOutOfMemory() throws Exception {
        Path reference = PostgresBinaries.prepare(temp.resolve("reference"));
        Path working = temp.resolve("oom");
        // zonky's own extraction in a JVM as small as the local stack's PostgreSQL wrapper had
        Process zonky = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), ZonkyAlone.class.getName(),
                working.toString()).redirectErrorStream(true).redirectOutput(temp.resolve("zonky.log").toFile()).start();
        assertThat(zonky.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(zonky.exitValue()).as(Files.readString(temp.resolve("zonky.log"))).isNotZero();
        assertThat(Files.readString(temp.resolve("zonky.log"))).contains("OutOfMemoryError");
        Path left = working.resolve(reference.getFileName());
        assertThat(left).isDirectory();
        assertThat(PostgresBinaries.isComplete(left)).isFalse();

        Path binaries = PostgresBinaries.prepare(working);

        assertThat(contents(binaries)).isEqualTo(contents(reference));
        assertThat(startsAndAnswers(working)).isEqualTo(1);
    }

    @Test
    void shouldNameAnUnsupportedPlatform() {
        assertThatThrownBy(() -> PostgresBinaries.prepare(temp, "Linux", "riscv64"))
                .isInstanceOf(PostgresBinaries.UnsupportedPlatformException.class)
                .hasMessageContaining("Linux on riscv64")
                .hasMessageContaining("macOS on Intel or Apple silicon");
        assertThatThrownBy(() -> PostgresBinaries.system("FreeBSD"))
                .isInstanceOf(PostgresBinaries.UnsupportedPlatformException.class)
                .hasMessageContaining("FreeBSD");
        assertThat(temp.resolve(".extract-lock")).doesNotExist();
    }

    @Test
    void shouldFindBinariesForEveryPlatformTheReadmeNames() throws Exception {
        for (List<String> platform : List.of(List.of("Linux", "amd64"), List.of("Linux", "aarch64"),
                List.of("Darwin", "x86_64"), List.of("Darwin", "aarch64"), List.of("Windows", "amd64"))) {
            // the archives differ per platform: each is shipped, not one taken for another
            assertThat(PostgresBinaries.digestOf(platform.get(0), platform.get(1))).as(platform.toString())
                    .matches("[0-9a-f]{32}");
        }
        assertThat(Stream.of(List.of("Linux", "amd64"), List.of("Linux", "aarch64"), List.of("Darwin", "x86_64"),
                List.of("Darwin", "aarch64")).map(p -> {
                    try {
                        return PostgresBinaries.digestOf(p.get(0), p.get(1));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).distinct().count()).isEqualTo(4);
    }

    /** Every entry below the folder: a file with its size, a link (name ending in @) with its target's length. */
    private static Map<String, Long> contents(Path folder) throws IOException {
        Map<String, Long> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(p -> !p.equals(folder)).toList()) {
                String name = folder.relativize(path).toString();
                if (Files.isSymbolicLink(path)) {
                    contents.put(name + "@", (long) Files.readSymbolicLink(path).toString().length());
                } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
                    contents.put(name, Files.size(path));
                }
            }
        }
        contents.remove(PostgresBinaries.ZONKY_LOCK);
        return contents;
    }

    private static int startsAndAnswers(Path working) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setOverrideWorkingDirectory(working.toFile())
                .start(); Connection connection = postgres.getPostgresDatabase().getConnection();
                ResultSet one = connection.createStatement().executeQuery("SELECT 1")) {
            one.next();
            return one.getInt(1);
        }
    }

    /** Zonky extracting by itself, as the local stack's wrapper did before. */
    public static final class ZonkyAlone {
        public static void main(String[] args) throws Exception {
            EmbeddedPostgres.builder().setOverrideWorkingDirectory(Path.of(args[0]).toFile()).start().close();
        }
    }
}
