package io.somining.postgres;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * PostgreSQL's binaries, extracted where zonky's {@code EmbeddedPostgres} looks for them
 * ({@code <working dir>/PG-<md5 of the archive>}, complete when its {@code .exists} marker is the newest entry), so
 * that zonky never extracts them itself. Zonky's own extraction holds each file in one byte array (the local
 * stack's 64 MB wrapper ran out of heap on a fresh machine), and after an interrupted extraction it takes the
 * half-written folder for a finished one: a link it meets again fails with {@code FileAlreadyExistsException},
 * a truncated file is kept. Here the archive is streamed into a folder of its own that gets its final name only
 * once complete; a folder of that name without zonky's marker, left by any interrupted extraction, is removed
 * first. Zonky's lock on that folder is honoured, so a test JVM extracting at the same moment is waited for.
 */
public final class PostgresBinaries {

    /** The system property zonky reads for its working directory. */
    public static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    /** Zonky's names: the marker of a finished extraction, and the file it locks while extracting. */
    static final String MARKER = ".exists";
    static final String ZONKY_LOCK = "epg-lock";
    private static final String PARTIAL = ".partial-";
    private static final Duration WAIT_FOR_OTHER = Duration.ofSeconds(120);
    private static final String SUPPORTED = "Linux on x86-64 (glibc or Alpine's musl) or arm64 (glibc), macOS on Intel"
            + " or Apple silicon, Windows on x86-64 (the ./suite script itself needs a Unix shell: use WSL 2 there)";

    private PostgresBinaries() {
    }

    /** Zonky's default working directory: {@code ot.epg.working-dir}, else {@code embedded-pg} in the temp directory. */
    public static Path defaultWorkingDir() {
        return Path.of(System.getProperty(WORKING_DIR_PROPERTY,
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
    }

    /**
     * Makes sure this platform's binaries are completely extracted under {@code workingDir}; answers their folder.
     *
     * @throws UnsupportedPlatformException when no binaries for this operating system and processor are shipped
     */
    public static Path prepare(Path workingDir) {
        return prepare(workingDir, system(System.getProperty("os.name")), System.getProperty("os.arch"));
    }

    static Path prepare(Path workingDir, String system, String architecture) {
        try {
            Path target = workingDir.resolve("PG-" + digestOf(system, architecture));
            if (isComplete(target)) {
                return target;
            }
            Files.createDirectories(workingDir);
            // one extraction per working directory at a time, among the processes that use this class
            try (FileChannel channel = FileChannel.open(workingDir.resolve(".extract-lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (isComplete(target)) {
                    return target;
                }
                removeAbandonedPartials(workingDir);
                Path partial = Files.createTempDirectory(workingDir, "PG" + PARTIAL);
                try (InputStream archive = archive(system, architecture)) {
                    extract(archive, partial);
                } catch (IOException | RuntimeException e) {
                    deleteRecursively(partial);
                    throw e;
                }
                removeIncomplete(target);
                if (isComplete(target)) {
                    deleteRecursively(partial);
                    return target;
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
                // zonky takes the folder as complete only while its marker is the newest entry
                Files.setLastModifiedTime(target.resolve(MARKER), FileTime.from(Instant.now().plusSeconds(1)));
                return target;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract PostgreSQL's binaries into " + workingDir + ": "
                    + e.getMessage(), e);
        }
    }

    /** The MD5 of this platform's archive: zonky names the extraction's folder by it. */
    static String digestOf(String system, String architecture) throws IOException {
        try (InputStream archive = archive(system, architecture)) {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            try (DigestInputStream digesting = new DigestInputStream(archive, md5)) {
                digesting.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no MD5", e);
        }
    }

    /**
     * Whether {@code folder} is an extraction zonky takes as finished, and which is: its marker exists and is at
     * least as new as every other entry and the folder itself (zonky's own test, {@code isPgBinReady}).
     */
    static boolean isComplete(Path folder) throws IOException {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        long markerTime = Files.getLastModifiedTime(marker).toMillis();
        if (Files.getLastModifiedTime(folder).toMillis() - 100 > markerTime) {
            return false;
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.equals(marker))
                    .allMatch(entry -> lastModified(entry) <= markerTime);
        }
    }

    /** The archive of this platform's binaries, found on the class path as zonky finds it. */
    private static InputStream archive(String system, String architecture) throws IOException {
        try {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
        } catch (IllegalStateException missing) {
            throw new UnsupportedPlatformException("no PostgreSQL binaries for this platform (" + system + " on "
                    + architecture + "); the local stack supports " + SUPPORTED + ".");
        }
    }

    /** Streams the tar.xz archive into {@code folder}, zonky's marker last. */
    private static void extract(InputStream archive, Path folder) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink() || entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    if (entry.getName().startsWith("bin/") || entry.getName().startsWith("./bin/")) {
                        target.toFile().setExecutable(true, false);
                    }
                }
            }
        }
        Files.createFile(folder.resolve(MARKER));
    }

    /**
     * Removes a folder of the final name that zonky did not finish (no marker): left by a killed process, a
     * full disk or an out-of-memory error. While another process holds zonky's lock on it, that process is
     * extracting: its result is waited for instead.
     */
    private static void removeIncomplete(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        Instant deadline = Instant.now().plus(WAIT_FOR_OTHER);
        while (true) {
            try (FileChannel channel = FileChannel.open(target.resolve(ZONKY_LOCK), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
                if (lock != null) {
                    if (!isComplete(target)) {
                        deleteRecursively(target);
                    }
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("another process has been extracting into " + target + " for "
                        + WAIT_FOR_OTHER.toSeconds() + " s; stop it or remove the folder");
            }
            sleep();
        }
    }

    /** Partial folders of extractions that died; none is in progress while the extraction lock is held. */
    private static void removeAbandonedPartials(Path workingDir) throws IOException {
        try (Stream<Path> entries = Files.list(workingDir)) {
            for (Path entry : entries.filter(e -> e.getFileName().toString().startsWith("PG" + PARTIAL)).toList()) {
                deleteRecursively(entry);
            }
        }
    }

    /** Zonky's name for the operating system. */
    static String system(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.startsWith("windows")) {
            return "Windows";
        }
        if (name.startsWith("mac")) {
            return "Darwin";
        }
        if (name.startsWith("linux")) {
            return "Linux";
        }
        throw new UnsupportedPlatformException("no PostgreSQL binaries for this platform (" + osName + " on "
                + System.getProperty("os.arch") + "); the local stack supports " + SUPPORTED + ".");
    }

    private static long lastModified(Path entry) {
        try {
            return Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for another extraction", e);
        }
    }

    /** No binaries are shipped for this operating system or processor. */
    public static final class UnsupportedPlatformException extends RuntimeException {
        UnsupportedPlatformException(String message) {
            super(message);
        }
    }
}
