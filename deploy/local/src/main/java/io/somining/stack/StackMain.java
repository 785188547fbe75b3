package io.somining.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./suite up [--fresh] [--no-samples]}, {@code ./suite down}, {@code ./suite status}: the
 * local stack from the command line.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) {
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        StackSettings settings = StackSettings.fromEnvironment(Path.of(System.getProperty("suite.root", ".")),
                System.getenv());
        LocalStack stack = new LocalStack(settings, System.out);
        try {
            switch (command) {
                case "up" -> {
                    System.out.println("Starting the stack (run folder " + settings.runDir() + "):");
                    stack.up(arguments.contains("--fresh"));
                    if (!arguments.contains("--no-samples")) {
                        new SampleRun(settings.gatewayUrl(), System.out).run(settings);
                    }
                }
                case "down" -> {
                    List<String> stopped = stack.down();
                    System.out.println(stopped.isEmpty() ? "Nothing was running." : "Stopped " + String.join(", ", stopped) + ".");
                }
                case "status" -> stack.status().forEach((component, state) -> System.out.printf("%-11s %s%n", component, state));
                default -> {
                    System.out.println("usage: ./suite up [--fresh] [--no-samples] | down | status");
                    System.exit(command.equals("help") ? 0 : 2);
                }
            }
        } catch (StackException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
