package io.somining.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Starts components as detached processes with pid files and logs, and stops them by pid. */
final class Processes {

    private final StackSettings settings;

    Processes(StackSettings settings) {
        this.settings = settings;
    }

    /**
     * Starts a command in its own session (setsid), so that a Ctrl-C in the terminal that ran
     * {@code up} does not reach the stack; output goes to {@code logs/<name>.log}.
     */
    ProcessHandle start(String name, List<String> command, Map<String, String> environment) {
        try {
            Files.createDirectories(settings.logs());
            Files.createDirectories(settings.pids());
            List<String> detached = new ArrayList<>();
            if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
                detached.add("setsid");
            }
            detached.addAll(command);
            Path log = log(name);
            ProcessBuilder builder = new ProcessBuilder(detached)
                    .directory(settings.root().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            Files.writeString(pidFile(name), Long.toString(process.pid()), StandardCharsets.UTF_8);
            return process.toHandle();
        } catch (IOException e) {
            throw new StackException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The running process recorded for a component, if any. */
    Optional<ProcessHandle> running(String name) {
        Path pidFile = pidFile(name);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops a component: SIGTERM, then SIGKILL if it is still alive after the grace period. */
    boolean stop(String name, Duration grace) {
        Optional<ProcessHandle> process = running(name);
        boolean stopped = false;
        if (process.isPresent()) {
            ProcessHandle handle = process.get();
            handle.destroy();
            try {
                handle.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception timeout) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            }
            stopped = true;
        }
        try {
            Files.deleteIfExists(pidFile(name));
        } catch (IOException e) {
            throw new StackException("cannot remove " + pidFile(name) + ": " + e.getMessage(), e);
        }
        return stopped;
    }

    /** SIGKILL, no grace: for tests of what survives a crash. */
    void kill(String name) {
        running(name).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
    }

    Path log(String name) {
        return settings.logs().resolve(name + ".log");
    }

    /** The last lines of a component's log, to show why it failed. */
    String tail(String name, int lines) {
        try {
            List<String> all = Files.readAllLines(log(name), StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log(name) + ")";
        }
    }

    private Path pidFile(String name) {
        return settings.pids().resolve(name + ".pid");
    }
}
