package io.somining.ingest.parse;

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
 * What a path holds, found by looking at the files rather than trusting their names: a dump folder
 * (with {@code Posts.xml}), a single {@code Posts.xml}, or the FSE 2020 artifact's JSON lines.
 */
public record DumpLayout(Format format, List<Path> files, Optional<String> site, Optional<String> dumpDate) {

    public enum Format { POSTS_XML, ARTIFACT_JSON_LINES }

    /** Folder names such as {@code ai.stackexchange.com_2017-03} or {@code ..._2017-03_postsonly}. */
    private static final Pattern SITE_AND_DATE = Pattern.compile("^([a-z0-9][a-z0-9.-]*\\.[a-z]{2,})_(\\d{4}-\\d{2})(?:[_-].*)?$");

    public static DumpLayout of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Path posts = path.resolve("Posts.xml");
            if (Files.isRegularFile(posts)) {
                return withNames(Format.POSTS_XML, List.of(posts), path);
            }
            List<Path> jsonLines = new ArrayList<>();
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isRegularFile(child) && firstByte(child) == '{') {
                        jsonLines.add(child);
                    }
                }
            }
            if (jsonLines.isEmpty()) {
                throw new IllegalArgumentException("no Posts.xml and no JSON-lines file in " + path);
            }
            return withNames(Format.ARTIFACT_JSON_LINES, jsonLines, path);
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file or folder: " + path);
        }
        int first = firstByte(path);
        if (first == '{') {
            return withNames(Format.ARTIFACT_JSON_LINES, List.of(path), path.getParent());
        }
        if (first == '<' || first == 0xEF) {
            return withNames(Format.POSTS_XML, List.of(path), path.getParent());
        }
        throw new IllegalArgumentException("not a dump: " + path + " starts with neither '<' (XML) nor '{' (JSON lines)");
    }

    private static DumpLayout withNames(Format format, List<Path> files, Path folder) {
        String name = folder == null || folder.getFileName() == null ? ""
                : folder.getFileName().toString().toLowerCase(Locale.ROOT);
        Matcher matcher = SITE_AND_DATE.matcher(name);
        if (matcher.matches()) {
            return new DumpLayout(format, files, Optional.of(matcher.group(1)), Optional.of(matcher.group(2)));
        }
        // the artifact's questions all come from Stack Overflow
        Optional<String> site = format == Format.ARTIFACT_JSON_LINES ? Optional.of("stackoverflow.com") : Optional.empty();
        return new DumpLayout(format, files, site, Optional.empty());
    }

    private static int firstByte(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            int b;
            do {
                b = in.read();
            } while (b == ' ' || b == '\n' || b == '\r' || b == '\t');
            return b;
        }
    }

    public long totalBytes() throws IOException {
        long total = 0;
        for (Path file : files) {
            total += Files.size(file);
        }
        return total;
    }

    public PostSource open(Path file) throws IOException, DumpFormatException {
        return format == Format.POSTS_XML ? new PostsXmlReader(file) : new ArtifactJsonLinesReader(file);
    }
}
