package io.somining.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for components to come up, failing fast when their process dies. */
final class Waits {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
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
