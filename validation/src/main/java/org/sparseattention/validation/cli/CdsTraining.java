package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;

import picocli.CommandLine;

/**
 * Class-loading workload for the launcher's application class-data-sharing archive (see the
 * {@code sta} script): small runs of the common commands in one JVM, so that the archive dumped
 * at its exit holds the classes of the command line, the theory, the simulation and the plots.
 * Not a user command; its output is discarded. Usage: {@code CdsTraining DIR} (scratch output
 * directory); exits 0 when every run succeeded.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 1) {
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String[][] runs = {
            {"curve", "--models", "pooled", "--alpha1", "2", "--out", dir.resolve("curve").toString()},
            // a picture (PNG and SVG): the plotting library's classes
            {"curve", "--models", "pooled", "--alpha1", "1,2", "--out", dir.resolve("curve2").toString()},
            {"simulate", "--models", "attention,pooled", "--d", "40", "--alpha1", "2", "--trials", "1",
                "--test-samples", "2000", "--out", dir.resolve("simulate").toString()},
        };
        int worst = 0;
        for (String[] run : runs) {
            CommandLine cl = StaCommand.newCommandLine(run);
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(Writer.nullWriter()));
            worst = Math.max(worst, cl.execute(run));
        }
        System.exit(worst == 0 ? 0 : 1);
    }
}
