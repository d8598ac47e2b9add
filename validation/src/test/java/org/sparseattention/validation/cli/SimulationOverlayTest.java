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
 * Simulation drawn over theory in {@code align --d} and {@code capacity --sep-d}: the simulated
 * values agree with the theory they are drawn against, and misuse is exit 2 with one line.
 */
class SimulationOverlayTest {
    @TempDir
    Path dir;

    private record Result(int code, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        return new Result(cl.execute(args), err.toString());
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        return CsvRows.read(csv);
    }

    private static double num(Map<String, String> r, String col) {
        return Double.parseDouble(r.get(col));
    }

    @Test
    void alignSimulationPointsAgreeWithTheTheoryOfSteps1To3() throws IOException {
        Path out = dir.resolve("align");
        Result r = run("align", "--L", "10", "--R", "3", "--pi", "0.2", "--theta", "6", "--alpha0", "2,8", "--d", "250",
                "--trials", "3", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<Map<String, String>> rows = rows(out.resolve("align.csv"));
        assertEquals(2, rows.size());
        for (Map<String, String> row : rows) {
            for (String q : List.of("cos_w_xi", "cos_q_xi")) {
                double gap = Math.abs(num(row, "sim_" + q) - num(row, q));
                assertTrue(gap < 4 * num(row, "sim_" + q + "_err") + 0.03,
                        q + " at alpha0=" + row.get("alpha0") + ": simulation " + row.get("sim_" + q) + " theory "
                                + row.get(q));
            }
            assertEquals(250, (int) num(row, "d"));
        }
        assertTrue(Files.size(out.resolve("align.png")) > 1000);
    }

    @Test
    void finiteDimensionSeparabilityCrossesNearTheTheoryCapacity() throws IOException {
        Path out = dir.resolve("cap");
        Result r = run("capacity", "--models", "pooled", "--grid", "theta=1,3", "--grid", "L=4,8", "--sep-d", "200",
                "--sep-cells", "3", "--sep-trials", "10", "--sep-factors", "0.7,0.85,1,1.15,1.3", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, double[]> cells = new HashMap<>();
        for (Map<String, String> row : rows(out.resolve("capacity_separability.csv"))) {
            cells.put(row.get("theta") + "|" + row.get("L"), new double[] {num(row, "alpha_star"),
                num(row, "alpha_cross")});
            assertEquals(num(row, "alpha_over_alpha_star") * num(row, "alpha_star"), num(row, "alpha"), 1e-9);
        }
        assertEquals(3, cells.size(), cells.keySet().toString());
        for (var e : cells.entrySet()) {
            double ratio = e.getValue()[1] / e.getValue()[0];
            assertTrue(Math.abs(ratio - 1) < 0.2, e.getKey() + ": finite-d crossing / alpha* = " + ratio);
        }
    }

    @Test
    void separabilityMarkersNeedTwoGridsAndNoShard() {
        for (String[] bad : List.of(
                new String[] {"capacity", "--sep-d", "100", "--grid", "theta=1,2"},
                new String[] {"capacity", "--sep-d", "100", "--grid", "theta=1,2", "--grid", "L=4,6", "--shard", "1/2"},
                new String[] {"capacity", "--sep-d", "0", "--grid", "theta=1,2", "--grid", "L=4,6"},
                new String[] {"capacity", "--sep-d", "100", "--grid", "theta=1,2", "--grid", "L=4,6", "--sep-cells",
                    "0"},
                new String[] {"align", "--d", "100", "--trials", "0"})) {
            List<String> a = new ArrayList<>(List.of(bad));
            a.addAll(List.of("--out", dir.resolve("bad").toString()));
            Result r = run(a.toArray(String[]::new));
            assertEquals(2, r.code(), String.join(" ", bad) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--sep") || r.err().contains("--trials") || r.err().contains("--d"), r.err());
            assertTrue(Files.notExists(dir.resolve("bad")));
        }
    }
}
