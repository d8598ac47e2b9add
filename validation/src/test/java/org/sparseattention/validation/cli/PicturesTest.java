package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYSeries;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.theory.oracle.OracleResult;
import org.sparseattention.validation.core.Comparison;
import org.sparseattention.validation.core.GridAxis;
import org.sparseattention.validation.core.GridParameter;
import org.sparseattention.validation.core.ModelSettings;
import org.sparseattention.validation.core.Verdict;
import org.sparseattention.validation.plot.HeatMap;
import org.sparseattention.validation.plot.LinePlot;
import org.sparseattention.validation.plot.PanelGrid;

/** The structure of the pictures (what is drawn, not the pixels). */
@org.junit.jupiter.api.Timeout(120)
class PicturesTest {

    @TempDir
    Path dir;

    private static final ModelSettings BASE = new ModelSettings(10, 1, 0.5, 5, "logistic", 0.01, 10, 0.5, 0.5,
            0.5, 2);

    /** Synthetic rows whose mean follows theory + c/d exactly plus a known offset pattern. */
    private static List<Comparison> rows() {
        List<Comparison> out = new ArrayList<>();
        for (Model m : Model.values()) {
            for (double a : new double[] {1, 2}) {
                for (int d : new int[] {100, 200, 400}) {
                    double th = 0.1 * (m.ordinal() + 1) + 0.01 * a;
                    double mean = th + 2.0 / d;
                    out.add(new Comparison(m.label(), "logistic", a, d, "test_error", th, 0.001, mean, 0.002,
                            0.004, 4));
                    out.add(new Comparison(m.label(), "logistic", a, d, "train_loss", th / 2, 0, mean / 2, 0.001,
                            0.002, 4));
                    if (m == Model.ATTENTION) {
                        out.add(new Comparison(m.label(), "logistic", a, d, "cos_q_xi", 0.9, 0, 0.9 - 1.0 / d, 0.003,
                                0.006, 4));
                    }
                }
            }
        }
        return out;
    }

    @Test
    void validateHasOnePanelPerModelAndQuantityWithSimulationTheoryAndFit() throws IOException {
        List<Comparison> rows = rows();
        Verdict.Report report = Verdict.judge(rows);
        PanelGrid grid = ValidateCommand.smallMultiples(BASE.summary(), rows, report);
        List<String> titles = grid.panels().stream().map(p -> p.chart().getTitle()).toList();
        assertEquals(7, grid.panels().size(), titles.toString());
        for (Model m : Model.values()) {
            for (String q : List.of("test_error", "train_loss", "cos_q_xi")) {
                boolean expected = m == Model.ATTENTION || !q.equals("cos_q_xi");
                assertEquals(expected, titles.stream().anyMatch(t -> t.startsWith(m.label() + ": " + q + " ")),
                        m + " " + q + " in " + titles);
            }
        }
        assertEquals(3, grid.columns(), "one column per quantity");
        for (LinePlot p : grid.panels()) {
            assertEquals(List.of("alpha1=1", "alpha1=1 theory", "alpha1=1 fit", "alpha1=2", "alpha1=2 theory",
                    "alpha1=2 fit"), p.allSeriesNames(), p.chart().getTitle());
            XYSeries sim = p.chart().getSeriesMap().get("alpha1=2");
            assertEquals(3, sim.getXData().length, "one point per d");
            assertEquals(1.0 / 100, sim.getXData()[0], 1e-15);
            XYSeries theory = p.chart().getSeriesMap().get("alpha1=2 theory");
            assertEquals(0.0, theory.getXData()[0]);
        }
        // the fit drawn is the verdict's: theory + e + c x; the data were built with e = 0 and c = 2 (test error)
        LinePlot att = grid.panels().get(0);
        XYSeries fit = att.chart().getSeriesMap().get("alpha1=1 fit");
        XYSeries theory = att.chart().getSeriesMap().get("alpha1=1 theory");
        assertEquals(theory.getYData()[0], fit.getYData()[0], 1e-9);
        double slope = (fit.getYData()[1] - fit.getYData()[0]) / (fit.getXData()[1] - fit.getXData()[0]);
        assertEquals(2.0, slope, 1e-6);
        // the two free tiles of the pooled and vectorized rows: the key in the first
        assertEquals(4, grid.keyEntries().size(), "two alpha1, theory, fit");
        Path[] written = grid.save(dir.resolve("validate.png"));
        assertTwins(written);
    }

    @Test
    void oracleHasEveryThetaOnLogLWithDistinctMarkers() throws IOException {
        List<Model> models = List.of(Model.values());
        int[] ls = {10, 30, 100, 300};
        double[] thetas = new double[13];
        List<OracleResult> results = new ArrayList<>();
        for (int t = 0; t < thetas.length; t++) {
            thetas[t] = 2 + 0.5 * t;
        }
        for (Model m : models) {
            for (int l : ls) {
                for (double th : thetas) {
                    double e = m == Model.ATTENTION ? 0.3 * Math.exp(-th / 2) : 0.4; // pooled = vectorized
                    results.add(new OracleResult(m, l, th, e, 0));
                }
            }
        }
        PanelGrid grid = OracleCommand.oraclePanels(BASE, models, ls, thetas, results);
        assertEquals(thetas.length, grid.panels().size(), "every theta has a panel");
        for (int t = 0; t < thetas.length; t++) {
            LinePlot p = grid.panels().get(t);
            assertEquals("theta=" + ModelSettings.g(thetas[t]), p.chart().getTitle());
            assertEquals(List.of("attention", "pooled", "vectorized"), p.allSeriesNames());
            assertTrue(p.isLogX(), "log L");
        }
        LinePlot first = grid.panels().get(0);
        var pooled = first.chart().getSeriesMap().get("pooled");
        var vectorized = first.chart().getSeriesMap().get("vectorized");
        assertFalse(pooled.getMarker().getClass().equals(vectorized.getMarker().getClass())
                && pooled.getMarker() == vectorized.getMarker(), "coinciding series get distinct markers");
        assertEquals(3, grid.keyEntries().size(), "a key names the three models");
        assertTwins(grid.save(dir.resolve("oracle.png")));
    }

    @Test
    void capacityHatchesExactlyTheUnresolvedCells() throws IOException {
        GridAxis ax = new GridAxis(GridParameter.THETA, new double[] {1, 2, 3});
        GridAxis ay = new GridAxis(GridParameter.L, new double[] {2, 3});
        List<CapacityCommand.Point> points = CapacityCommand.points(BASE.with(GridParameter.R, 2),
                List.of(Model.POOLED), List.of(ax, ay));
        List<CapacityResult> results = new ArrayList<>();
        for (CapacityCommand.Point p : points) {
            int l = (int) ay.values()[p.j()];
            results.add(l <= 2 ? null // R >= L: undefined
                    : p.i() == 1 ? new CapacityResult(Model.POOLED, Double.POSITIVE_INFINITY, 0, 0, 0)
                    : new CapacityResult(Model.POOLED, 1 + p.i(), 0.01, 0, 3));
        }
        HeatMap map = CapacityCommand.heatMap(new String[] {"t"}, Model.POOLED, ax, ay, points, results);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(j == 1 && i == 1, map.isHatched(i, j), i + "," + j);
            }
        }
        List<String> key = map.keyLabels();
        assertEquals(2, key.size(), key.toString());
        assertTrue(key.get(0).startsWith("undefined"), key.toString());
        assertTrue(key.get(1).startsWith("unresolved"), key.toString());
        assertFalse(key.stream().anyMatch(k -> k.contains("infinite")), "no cell is called infinite");
        assertTwins(map.save(dir.resolve("capacity_pooled.png")));
    }

    @Test
    void heatMapWithoutProblemCellsHasNoKeyEntries() {
        HeatMap map = new HeatMap(new String[] {"t"}, "x", new double[] {1, 2}, "y", new double[] {1, 2},
                new double[][] {{1, 2}, {3, 4}}, "z").hatch(new boolean[2][2], "failed");
        assertEquals(List.of(), map.keyLabels());
    }

    static void assertTwins(Path[] written) throws IOException {
        assertEquals(2, written.length);
        assertTrue(Files.size(written[0]) > 1000, "a PNG");
        assertTrue(written[1].getFileName().toString().endsWith(".svg"));
        assertEquals(written[0].getFileName().toString().replace(".png", ".svg"), written[1].getFileName().toString());
        String svg = Files.readString(written[1]);
        assertTrue(svg.contains("<svg") && svg.contains("</svg>"), "an SVG document");
    }
}
