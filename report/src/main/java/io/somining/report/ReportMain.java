package io.somining.report;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ReportMain GATEWAY_URL TOKEN PLAN OUT_FOLDER}: recomputes the plan's study through the gateway
 * and writes the report; prints the verdicts and where the report is. The token needs the reader role.
 */
public final class ReportMain {

    private ReportMain() {
    }

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ReportMain GATEWAY_URL TOKEN PLAN.json OUT_FOLDER");
            System.exit(2);
        }
        try {
            List<Path> files = run(new Gateway(args[0], args[1]), Path.of(args[2]), Path.of(args[3]));
            files.forEach(f -> System.out.println("  " + f));
        } catch (ReportException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Builds and writes the report; prints its verdicts; answers the files written. */
    public static List<Path> run(Gateway gateway, Path plan, Path out) {
        Reproduction.Report report = new Reproduction(gateway, plan).build();
        System.out.println("Reproduction of " + report.title() + ":");
        ReportWriter.verdictCounts(report).forEach((verdict, n) -> System.out.printf("  %4d %s%n", n, verdict));
        return ReportWriter.write(report, out);
    }
}
