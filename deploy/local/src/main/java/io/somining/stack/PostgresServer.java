package io.somining.stack;

import io.somining.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a real PostgreSQL (binaries from Maven Central, via zonky) on a fixed port and data folder
 * until this process is asked to stop; the data folder is initialized only once, so data survives
 * restarts. Arguments: data folder, port, the folder of the extracted binaries (extracted there first if
 * the launcher has not done it).
 */
public final class PostgresServer {

    private PostgresServer() {
    }

    /**
     * initdb trusts every local connection; the services' roles must give their passwords. Only
     * the superuser (used by the launcher to create databases) stays trusted, on loopback.
     */
    private static void requirePasswords(Path data, EmbeddedPostgres postgres) throws Exception {
        Path hba = data.resolve("pg_hba.conf");
        String wanted = String.join(System.lineSeparator(),
                "# written by the local stack",
                "local all postgres trust",
                "host  all postgres 127.0.0.1/32 trust",
                "host  all all      127.0.0.1/32 scram-sha-256",
                "");
        if (!wanted.equals(Files.readString(hba))) {
            Files.writeString(hba, wanted);
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_reload_conf()");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        Path binaries = Path.of(args[2]);
        Files.createDirectories(data);
        PostgresBinaries.prepare(binaries);
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.toFile())
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(port)
                // after a crash (kill -9, power loss) the server replays its WAL before it answers: up to 4 GB of it
                // after a bulk load, far beyond zonky's default wait of 10 s
                .setPGStartupWait(java.time.Duration.ofMinutes(10))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                // a bulk load writes WAL fast: at the default 1 GB a 1 GB dump forced a checkpoint
                // every few seconds (hundreds in a day of benchmarks), each followed by full-page writes
                .setServerConfig("max_wal_size", "4GB")
                // zonky turns it off; a commit the services were told of must survive a crash of the server (kill -9,
                // OOM): they commit their consumers' offsets to Kafka after it, and an event would be skipped otherwise
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("checkpoint_timeout", "15min")
                .start();
        requirePasswords(data, postgres);
        System.out.println("PostgreSQL ready on port " + postgres.getPort() + ", data in " + data);
        // zonky's shutdown hook stops the server when this process gets SIGTERM
        new CountDownLatch(1).await();
    }
}
