package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * {@code figure --lambda LIST|opt}: the theory rows equal {@code curve}'s at the same points, the
 * simulation runs at each listed ridge (or at the optimal one), and the pictures are written.
 */
class FigureLambdaTest {
    private static final String[] THEORY = {"--models", "attention,pooled", "--qmc-points", "128",
        "--randomizations", "8", "--seed", "3"};
    private static final String[] SIM = {"--d", "80", "--trials", "1", "--test-samples", "2000"};

    @TempDir
    Path dir;

    private static void run(List<String> args) {
        StringWriter err = new StringWriter();
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute(args.toArray(String[]::new)), err.toString());
    }

    private static List<String> args(String command, String[]... parts) {
        List<String> a = new ArrayList<>(List.of(command));
        for (String[] p : parts) {
            a.addAll(List.of(p));
        }
        return a;
    }

    /** Rows of a CSV as column-name maps. */
    private static List<Map<String, String>> rows(Path csv) throws IOException {
        return CsvRows.read(csv);
    }

    private static String key(Map<String, String> r) {
        return r.get("model") + "|" + Double.parseDouble(r.get("alpha1")) + "|" + Double.parseDouble(r.get("lambda"));
    }

    /** Theory rows of figure.csv keyed by model, alpha1, lambda, compared with curve.csv's test error. */
    private static void assertTheoryMatchesCurve(Path figure, Path curve, int expected) throws IOException {
        Map<String, Double> c = new HashMap<>();
        for (Map<String, String> r : rows(curve.resolve("curve.csv"))) {
            c.put(key(r), Double.parseDouble(r.get("test_error")));
        }
        int compared = 0;
        for (Map<String, String> r : rows(figure.resolve("figure.csv"))) {
            if (r.get("source").equals("theory")) {
                Double want = c.get(key(r));
                assertTrue(want != null, "curve has no row " + key(r) + " (" + c.keySet() + ")");
                assertEquals(want, Double.parseDouble(r.get("test_error")), 1e-12, key(r));
                compared++;
            }
        }
        assertEquals(expected, compared);
    }

    @Test
    void lambdaListHasOneLinePerRidgeAndModelAndSimulatesAtEachRidge() throws IOException {
        Path fig = dir.resolve("fig");
        run(args("figure", THEORY, SIM, new String[] {"--lambda", "0.001,0.1", "--theory-alpha1", "1,2,4",
            "--alpha1", "1,4", "--out", fig.toString()}));
        Path cur = dir.resolve("cur");
        run(args("curve", THEORY, new String[] {"--lambda", "0.001,0.1", "--alpha1", "1,2,4", "--out",
            cur.toString()}));
        assertTheoryMatchesCurve(fig, cur, 2 * 2 * 3);
        List<Map<String, String>> sims = rows(fig.resolve("figure.csv")).stream()
                .filter(r -> r.get("source").equals("simulation")).toList();
        assertEquals(2 * 2 * 2, sims.size());
        for (String l : List.of("0.001", "0.1")) {
            assertEquals(4, sims.stream().filter(r -> Double.parseDouble(r.get("lambda")) == Double.parseDouble(l))
                    .count(), "simulated points at lambda=" + l);
        }
        // the ridge changes the trained readout: the same data give different training losses
        double[] loss = sims.stream().filter(r -> r.get("model").equals("pooled") && r.get("alpha1").equals("4.0"))
                .mapToDouble(r -> Double.parseDouble(r.get("train_loss"))).toArray();
        assertEquals(2, loss.length);
        assertTrue(loss[1] > loss[0] + 0.01, "a larger ridge raises the training loss: " + loss[0] + " " + loss[1]);
        for (String f : List.of("figure.png", "figure_attention.png", "figure_pooled.png")) {
            assertTrue(Files.size(fig.resolve(f)) > 1000, f);
        }
    }

    @Test
    void lambdaOptIsCurvesOptimumAndTheSimulationRunsThere() throws IOException {
        Path fig = dir.resolve("fig");
        run(args("figure", THEORY, SIM, new String[] {"--lambda", "opt", "--theory-alpha1", "1,4",
            "--alpha1", "2", "--out", fig.toString()}));
        Path cur = dir.resolve("cur");
        run(args("curve", THEORY, new String[] {"--lambda", "opt", "--alpha1", "1,2,4", "--out", cur.toString()}));
        // the figure searches the theory and simulated alpha1 together: 3 points per model
        assertTheoryMatchesCurve(fig, cur, 2 * 3);
        Map<String, String> optimum = new HashMap<>();
        for (Map<String, String> r : rows(cur.resolve("curve.csv"))) {
            if (r.get("alpha1").equals("2.0")) {
                optimum.put(r.get("model"), r.get("lambda"));
            }
        }
        int sims = 0;
        for (Map<String, String> r : rows(fig.resolve("figure.csv"))) {
            if (r.get("source").equals("simulation")) {
                assertEquals(Double.parseDouble(optimum.get(r.get("model"))), Double.parseDouble(r.get("lambda")),
                        0.0, "simulated at the optimal ridge of " + r.get("model"));
                sims++;
            }
        }
        assertEquals(2, sims);
        // attention's optimum is interior here, not at an end of the searched range
        double att = Double.parseDouble(optimum.get("attention"));
        assertTrue(att > 1e-6 && att < 1e3, "attention lambda* = " + att);
        assertTrue(Files.size(fig.resolve("figure_lambda_opt.png")) > 1000);
    }
}
