package io.somining.testing;

import io.somining.contracts.Topics;
import io.somining.postgres.PostgresBinaries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * One real PostgreSQL and one real single-node KRaft Kafka broker per test JVM, started on first use
 * and stopped when the JVM exits. Shared by all test classes of a module, so each pays ~3 s once.
 */
public final class EmbeddedInfrastructure {

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;

    private EmbeddedInfrastructure() {
    }

    public static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                // extracted safely first: zonky's own extraction is not safe to interrupt
                PostgresBinaries.prepare(PostgresBinaries.defaultWorkingDir());
                postgres = EmbeddedPostgres.builder().start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(postgres)));
        }
        return postgres;
    }

    /** A database of the given name on the shared server, created if missing; returns its JDBC URL. */
    public static synchronized String database(String name) {
        EmbeddedPostgres server = postgres();
        try (Connection connection = server.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "") + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return server.getJdbcUrl("postgres", name);
    }

    public static synchronized String kafkaBootstrapServers() {
        if (kafka == null) {
            // a broker that fails while the JVM shuts down (its log directory already going) halts
            // the JVM with status 1, which fails the whole test run after every test passed
            Exit.setHaltProcedure((status, message) -> System.err.println("Kafka broker asked to halt (" + status
                    + "), ignored in tests: " + message));
            Exit.setExitProcedure((status, message) -> System.err.println("Kafka broker asked to exit (" + status
                    + "), ignored in tests: " + message));
            try {
                kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        // a single broker cannot hold the default three replicas of internal topics
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                kafka.format();
                kafka.startup();
                kafka.waitForReadyBrokers();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the embedded Kafka broker", e);
            }
            createTopics(kafka.bootstrapServers());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(kafka)));
        }
        return kafka.bootstrapServers();
    }

    private static void createTopics(String bootstrap) {
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(settings)) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1).configs(t.configs()))
                    .toList();
            admin.createTopics(topics).all().get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the suite's topics", e);
        }
    }

    /** The settings a Quarkus service needs to use both servers, with its own database, and to trust {@link TestTokens}. */
    public static Map<String, String> quarkusConfig(String databaseName) {
        Map<String, String> config = new java.util.HashMap<>(TestTokens.quarkusConfig());
        config.put("quarkus.datasource.jdbc.url", database(databaseName));
        config.put("quarkus.datasource.username", "postgres");
        config.put("quarkus.datasource.password", "");
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        return config;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the JVM is exiting; nothing left to clean up for
        }
    }
}
