package org.sparseattention.validation.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plots skip (and name) non-finite values instead of failing in the plotting library. */
class NonFinitePlotTest {

    @Test
    void lineSkipsNonFinitePoints(@TempDir Path dir) throws Exception {
        LinePlot plot = new LinePlot("t", "x", "y");
        plot.lineWithMarkers("a", new double[] {1, 2, 3, 4}, new double[] {1, Double.POSITIVE_INFINITY, Double.NaN, 4},
                new double[] {0.1, Double.NaN, 0.1, 0.2}, Color.BLUE);
        plot.lineWithMarkers("b", new double[] {1, 2}, new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, null,
                Color.RED);
        assertEquals(2, plot.chart().getSeriesMap().get("a").getXData().length);
        assertFalse(plot.chart().getSeriesMap().containsKey("b"));
        Path[] out = plot.save(dir.resolve("p.png"));
        assertTrue(Files.size(out[0]) > 0 && Files.size(out[1]) > 0);
    }

    @Test
    void plotWithoutAnyFiniteValueStillRenders(@TempDir Path dir) throws Exception {
        LinePlot plot = new LinePlot("t", "x", "y");
        plot.line("a", new double[] {1}, new double[] {Double.NaN}, null, Color.BLUE);
        Path[] out = plot.save(dir.resolve("q.png"));
        assertTrue(Files.size(out[0]) > 0);
    }

    @Test
    void heatMapMarksNonFiniteCells(@TempDir Path dir) throws Exception {
        double[][] z = {{1, Double.NaN}, {Double.POSITIVE_INFINITY, 3}};
        new HeatMap(new String[] {"t"}, "x", new double[] {1, 2}, "y", new double[] {1, 2}, z, "z")
                .save(dir.resolve("h.png"));
        assertTrue(Files.size(dir.resolve("h.png")) > 0);
    }
}
