package io.somining.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the end-to-end tests that start stacks of their own share: free ports, folders copied and removed, output kept. */
final class TestFolders {

    private TestFolders() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    /** Prints to the test's output as it goes, and keeps it for the assertions. */
    static final class Tee extends OutputStream {
        private final OutputStream kept;
        private final OutputStream shown;

        Tee(OutputStream kept, OutputStream shown) {
            this.kept = kept;
            this.shown = shown;
        }

        @Override
        public void write(int b) throws IOException {
            kept.write(b);
            shown.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            kept.write(bytes, offset, length);
            shown.write(bytes, offset, length);
        }
    }
}
