package io.somining.ingest.parse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a path holds, found by looking inside the files: a dump folder (with a Posts table, plain or
 * compressed, or a site's 7z archive), a single Posts file or archive, or the FSE 2020 artifact's
 * JSON lines. Names only say which table a file is; compression and format come from the content.
 */
public record DumpLayout(Format format, List<Path> files, Optional<String> site, Optional<String> dumpDate,
        Decoding decoding) {

    public enum Format { POSTS_XML, ARTIFACT_JSON_LINES }

    /** Folder names such as {@code ai.stackexchange.com_2017-03} or {@code ..._2017-03_postsonly}. */
    private static final Pattern SITE_AND_DATE = Pattern.compile("^([a-z0-9][a-z0-9.-]*\\.[a-z]{2,})_(\\d{4}-\\d{2})(?:[_-].*)?$");
    /** Posts.xml, Posts.xml.gz, stackoverflow.com-Posts.7z, ... */
    private static final Pattern POSTS_FILE = Pattern.compile("(?i)(.*-)?posts(\\.xml)?(\\.[a-z0-9]+)?");

    /** An opened file: its decompressed content and the rows read from it. */
    public record Opened(DumpInput input, PostSource rows) implements Closeable {
        @Override
        public void close() throws IOException {
            try {
                rows.close();
            } finally {
                input.close();
            }
        }
    }

    public static DumpLayout of(Path path, Decoding decoding) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> children;
            try (Stream<Path> listing = Files.list(path)) {
                children = listing.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path child : children) {
                if (POSTS_FILE.matcher(child.getFileName().toString()).matches()
                        && isXmlStart(firstByte(child, decoding))) {
                    return withNames(Format.POSTS_XML, List.of(child), path, decoding);
                }
            }
            // a site's archive (any name) holding Posts.xml, told from its header; archives of other
            // tables (Stack Overflow ships one per table) are passed over
            List<String> otherArchives = new ArrayList<>();
            for (Path child : children) {
                if (DumpInput.detect(child) == DumpInput.Compression.SEVEN_Z) {
                    try {
                        String entry = DumpInput.requirePostsEntry(child);
                        if (DumpInput.isPostsTable(entry)) {
                            return withNames(Format.POSTS_XML, List.of(child), path, decoding);
                        }
                        otherArchives.add(child + " holds " + entry + ", not Posts.xml");
                    } catch (IllegalArgumentException withoutPosts) {
                        otherArchives.add(withoutPosts.getMessage());
                    }
                }
            }
            List<Path> jsonLines = new ArrayList<>();
            for (Path child : children) {
                if (firstByte(child, decoding) == '{') {
                    jsonLines.add(child);
                }
            }
            if (jsonLines.isEmpty()) {
                throw new IllegalArgumentException("no Posts table (plain, compressed or in a 7z archive) and no JSON-lines file in "
                        + path + (otherArchives.isEmpty() ? "" : "; " + String.join("; ", otherArchives)));
            }
            return withNames(Format.ARTIFACT_JSON_LINES, jsonLines, path, decoding);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file or folder: " + path);
        }
        if (DumpInput.detect(path) == DumpInput.Compression.SEVEN_Z) {
            // told from the archive's header: sniffing the Posts table's first byte would decode every
            // file before it in a solid site archive, and the job would then decode them all again
            DumpInput.requirePostsEntry(path);
            return withNames(Format.POSTS_XML, List.of(path), path.getParent(), decoding);
        }
        int first = firstByte(path, decoding);
        if (first == '{') {
            return withNames(Format.ARTIFACT_JSON_LINES, List.of(path), path.getParent(), decoding);
        }
        if (isXmlStart(first)) {
            return withNames(Format.POSTS_XML, List.of(path), path.getParent(), decoding);
        }
        throw new IllegalArgumentException("not a dump: " + path
                + " holds neither XML nor JSON lines (plain, gzip, bzip2, xz or 7z)");
    }

    private static DumpLayout withNames(Format format, List<Path> files, Path folder, Decoding decoding) {
        String name = folder == null || folder.getFileName() == null ? ""
                : folder.getFileName().toString().toLowerCase(Locale.ROOT);
        Matcher matcher = SITE_AND_DATE.matcher(name);
        if (matcher.matches()) {
            return new DumpLayout(format, files, Optional.of(matcher.group(1)), Optional.of(matcher.group(2)), decoding);
        }
        // the artifact's questions all come from Stack Overflow
        Optional<String> site = format == Format.ARTIFACT_JSON_LINES ? Optional.of("stackoverflow.com") : Optional.empty();
        return new DumpLayout(format, files, site, Optional.empty(), decoding);
    }

    /** XML starts with '<', or with the UTF-8 byte order mark that real dumps carry. */
    private static boolean isXmlStart(int firstByte) {
        return firstByte == '<' || firstByte == 0xEF;
    }

    /** The first byte of a file's decompressed content that is not white space; -1 when there is none. */
    private static int firstByte(Path file, Decoding decoding) throws IOException {
        try (DumpInput input = DumpInput.open(file, decoding)) {
            InputStream in = input.content();
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\n' || b == '\r' || b == '\t');
            return b;
        } catch (IllegalArgumentException | IOException unreadable) {
            return -1;
        }
    }

    public long totalBytes() throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    public Opened open(Path file) throws IOException {
        DumpInput input = DumpInput.open(file, decoding);
        try {
            PostSource rows = format == Format.POSTS_XML ? new PostsXmlReader(file.toString(), input.content())
                    : new ArtifactJsonLinesReader(file.toString(), input.content());
            return new Opened(input, rows);
        } catch (RuntimeException e) {
            input.close();
            throw e;
        }
    }
}
