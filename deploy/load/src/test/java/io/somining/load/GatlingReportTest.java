package io.somining.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatlingReportTest {

    @Test
    void shouldReadEachRequestNamesCountsAndErrorsFromARealGatlingReport(@TempDir Path results) throws Exception {
        // given a server that counts what it is sent, and a Gatling run against it
        Map<String, AtomicLong> received = new ConcurrentHashMap<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            received.computeIfAbsent(path, p -> new AtomicLong()).incrementAndGet();
            exchange.sendResponseHeaders(path.equals("/ok") ? 200 : 404, -1);
            exchange.close();
        });
        server.start();
        int status;
        try {
            System.setProperty("tiny.port", Integer.toString(server.getAddress().getPort()));
            LoadMain.skipReleaseCheck();
            status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"-s", TinySimulation.class.getName(), "-rf",
                    results.toString()});
        } finally {
            server.stop(0);
        }

        // when its HTML report is read
        Path index;
        try (Stream<Path> runs = Files.list(results)) {
            index = runs.map(run -> run.resolve("index.html")).filter(Files::exists).findFirst().orElseThrow();
        }
        GatlingReport report = GatlingReport.read(index);

        // then each request name has the counts the server saw, the 404s as errors
        assertThat(status).isZero();
        assertThat(received.get("/ok").get()).isEqualTo(60);
        assertThat(received.get("/missing").get()).isEqualTo(15);
        assertThat(report.rows()).extracting(GatlingReport.Row::name, GatlingReport.Row::total, GatlingReport.Row::ok,
                GatlingReport.Row::ko).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("phase | GET /ok", received.get("/ok").get(), 60L, 0L),
                        org.assertj.core.groups.Tuple.tuple("phase | GET /missing", received.get("/missing").get(), 0L, 15L));
        assertThat(report.rows()).allSatisfy(row -> assertThat(row.p99()).isBetween(row.p50(), row.max()));
        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.message()).endsWith("found 404");
            assertThat(error.count()).isEqualTo(15);
        });
    }
}
