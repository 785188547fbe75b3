package io.somining.ingest.service;

import io.somining.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What clients see of files: paths relative to the data directory, as they name them in requests, never the
 * server's layout. Messages of the readers, the archive decoders and the JDK name the files they were given,
 * which are absolute; every text a job or an answer reports passes through here.
 */
@ApplicationScoped
public class ClientPaths {

    private final Set<String> prefixes = new LinkedHashSet<>();

    @Inject
    public ClientPaths(IngestConfig config) {
        Path dataDir = config.dataDir().toAbsolutePath().normalize();
        try {
            // the real path first: it is what the job's files were resolved to, and may be longer than a link to it
            prefixes.add(dataDir.toRealPath() + java.io.File.separator);
        } catch (IOException notThereYet) {
            // no real path to add: the configured one below is all a message can hold
        }
        prefixes.add(dataDir + java.io.File.separator);
    }

    /** The message with every path under the data directory made relative to it; null stays null. */
    public String relative(String message) {
        if (message == null) {
            return null;
        }
        String relative = message;
        for (String prefix : prefixes) {
            relative = relative.replace(prefix, "");
        }
        // the data directory itself (a request for "." names it)
        for (String prefix : prefixes) {
            relative = relative.replace(prefix.substring(0, prefix.length() - 1), "the data directory");
        }
        return relative;
    }
}
