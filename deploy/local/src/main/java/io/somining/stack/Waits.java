package io.somining.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Waiting for components to come up, failing fast when their process dies. */
final class Waits {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Waits() {
    }

    /** Waits until {@code ready} holds; fails when the process exits or time runs out. */
    static void until(String what, ProcessHandle process, Duration timeout, BooleanSupplier ready, Processes processes,
            String logName) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new StackException(what + " exited while starting; the end of its log ("
                        + processes.log(logName) + "):" + System.lineSeparator() + processes.tail(logName, 25));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            sleep(250);
        }
        throw new StackException(what + " was not ready after " + timeout.toSeconds() + " s; the end of its log ("
                + processes.log(logName) + "):" + System.lineSeparator() + processes.tail(logName, 25));
    }

    static boolean httpOk(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(get(url), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * ", ready", or ", NOT ready" with why: each failing check of a SmallRye Health answer with its data (the
     * database or broker it cannot reach, the migration it waits for), or that the service does not answer.
     */
    static String readiness(String url) {
        try {
            HttpResponse<String> response = HTTP.send(get(url), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return ", ready";
            }
            List<String> failing = new ArrayList<>();
            try {
                for (JsonNode check : JSON.readTree(response.body()).path("checks")) {
                    if (!"UP".equals(check.path("status").asText())) {
                        failing.add(check.path("name").asText() + (check.has("data") ? " " + check.get("data") : ""));
                    }
                }
            } catch (java.io.IOException notJson) {
                // said below with the status alone
            }
            return ", NOT ready (" + (failing.isEmpty() ? "answers " + response.statusCode() : "failing: " + String.join("; ", failing))
                    + ")";
        } catch (java.io.IOException e) {
            return ", NOT ready (does not answer on " + url + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ", NOT ready (interrupted)";
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
