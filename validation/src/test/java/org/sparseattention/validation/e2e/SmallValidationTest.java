package org.sparseattention.validation.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sparseattention.validation.cli.StaCommand;

import picocli.CommandLine;

/**
 * A small end-to-end validation (small d, few trials, reduced quasi-Monte Carlo budget): fails
 * if the theory and the simulation drift apart. Statistical tolerance: the Bonferroni verdict of
 * docs/cli.md plus an absolute bound on the test-error gap.
 */
class SmallValidationTest {

    @TempDir
    Path dir;

    @Test
    void squareLossTheoryAndSimulationAgree() throws IOException {
        check("square", "512");
    }

    @Test
    void logisticLossTheoryAndSimulationAgree() throws IOException {
        check("logistic", "256");
    }

    private void check(String loss, String qmcPoints) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        Path dir = this.dir.resolve(loss);
        int code = cl.execute("validate", "--models", "pooled,attention", "--loss", loss, "--d", "150,300",
                "--trials", "6", "--alpha1", "2,4", "--no-separability", "--test-samples", "40000",
                "--randomizations", "4", "--qmc-points", qmcPoints, "--seed", "3", "--out", dir.toString());
        assertEquals(0, code, out + "\n" + err);

        List<String> rows = Files.readAllLines(dir.resolve("validate.csv"));
        assertTrue(rows.get(0).startsWith("model,loss,alpha1,d,quantity,theory,sim_mean,sim_stderr,gap,z_score"));
        assertEquals(1 + 2 * 2 * 2 + 2 * 2 * 3, rows.size(), "rows: pooled 2 quantities, attention 3, at 2 d x 2 alpha1");
        for (String r : rows.subList(1, rows.size())) {
            String[] c = r.split(",");
            double gap = Double.parseDouble(c[8]);
            double tolerance = c[4].equals("train_loss") ? 0.08 : 0.05;
            assertTrue(Math.abs(gap) < tolerance, "gap too large: " + r);
        }
        List<String> verdict = Files.readAllLines(dir.resolve("verdict.csv"));
        assertEquals(1 + 2 + 3, verdict.size());
        assertTrue(verdict.stream().skip(1).allMatch(v -> v.split(",", -1)[9].equals("pass")),
                String.join("\n", verdict));
        assertTrue(Files.exists(dir.resolve("manifest.json")));
        assertTrue(Files.exists(dir.resolve("validate.png")));
    }
}
