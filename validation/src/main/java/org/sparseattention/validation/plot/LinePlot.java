package org.sparseattention.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sparseattention.validation.io.AtomicFiles;

/**
 * An XY figure (XChart) of lines and points with optional error bars, saved as PNG and SVG
 * next to each other, atomically.
 */
public final class LinePlot {
    private final XYChart chart;

    /**
     * @param title  chart title (parameters included)
     * @param xLabel x-axis title
     * @param yLabel y-axis title
     */
    public LinePlot(String title, String xLabel, String yLabel) {
        chart = new XYChartBuilder().width(1100).height(680).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setMarkerSize(9);
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
    }

    /** Logarithmic x axis when the data span at least two decades (XChart labels decades only). */
    public LinePlot logXIfWide(double[] x) {
        double lo = java.util.Arrays.stream(x).min().orElse(1);
        double hi = java.util.Arrays.stream(x).max().orElse(1);
        if (lo > 0 && hi / lo >= 100) {
            chart.getStyler().setXAxisLogarithmic(true);
        }
        return this;
    }

    /** Logarithmic x axis. */
    public LinePlot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        return this;
    }

    /** Logarithmic y axis. */
    public LinePlot logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        return this;
    }

    /**
     * Adds a boxed note (several lines separated by {@code \n}) at the top right of the plot,
     * for parameters that do not fit in the title.
     */
    public LinePlot note(String text) {
        chart.addAnnotation(new AnnotationTextPanel("parameters:\n" + text, chart.getWidth() - 235, 60, true));
        return this;
    }

    /** Decimal pattern of the y-axis tick labels, e.g. {@code 0.00}. */
    public LinePlot yPattern(String pattern) {
        chart.getStyler().setYAxisDecimalPattern(pattern);
        return this;
    }

    /** Lower bound of the y axis. */
    public LinePlot yMin(double v) {
        chart.getStyler().setYAxisMin(v);
        return this;
    }

    /** Legend inside the plot, bottom right. */
    public LinePlot legendBottomRight() {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return this;
    }

    /** Legend inside the plot, top right. */
    public LinePlot legendInside() {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return this;
    }

    /**
     * Adds a line without markers. Points with a non-finite {@code x} or {@code y} are not drawn
     * (the note names how many); a series without any finite point is left out and named in the note.
     *
     * @param err error bars (nullable; omitted when all zero or NaN)
     */
    public LinePlot line(String name, double[] x, double[] y, double[] err, Color color) {
        XYSeries s = add(name, x, y, err);
        if (s == null) {
            return this;
        }
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2.2f);
        return this;
    }

    /** Adds a dashed line without markers. */
    public LinePlot dashed(String name, double[] x, double[] y, Color color) {
        line(name, x, y, null, color);
        XYSeries s = chart.getSeriesMap().get(name);
        if (s != null) {
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f));
        }
        return this;
    }

    /** Adds isolated markers (with error bars when given and nonzero). */
    public LinePlot points(String name, double[] x, double[] y, double[] err, Color color) {
        return marked(name, x, y, err, color, XYSeries.XYSeriesRenderStyle.Scatter);
    }

    /** Adds a line with markers. */
    public LinePlot lineWithMarkers(String name, double[] x, double[] y, double[] err, Color color) {
        return marked(name, x, y, err, color, XYSeries.XYSeriesRenderStyle.Line);
    }

    private LinePlot marked(String name, double[] x, double[] y, double[] err, Color color,
                            XYSeries.XYSeriesRenderStyle style) {
        XYSeries s = add(name, x, y, err);
        if (s == null) {
            return this;
        }
        s.setXYSeriesRenderStyle(style);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setLineWidth(2f);
        return this;
    }

    /** The series of the finite points, or {@code null} (and a note) when there is none. */
    private XYSeries add(String name, double[] x, double[] y, double[] err) {
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        if (x.length != y.length || (err != null && err.length != x.length)) {
            throw new IllegalArgumentException("series '" + name + "' has arrays of different lengths");
        }
        int[] keep = java.util.stream.IntStream.range(0, x.length)
                .filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])).toArray();
        int dropped = x.length - keep.length;
        if (dropped > 0) {
            skipped.add(name + ": " + (keep.length == 0 ? "no finite value, not drawn"
                    : dropped + " non-finite value" + (dropped > 1 ? "s" : "") + " not drawn"));
        }
        if (keep.length == 0) {
            return null;
        }
        double[] xs = Arrays.stream(keep).mapToDouble(i -> x[i]).toArray();
        double[] ys = Arrays.stream(keep).mapToDouble(i -> y[i]).toArray();
        boolean bars = err != null && Arrays.stream(keep).anyMatch(i -> err[i] > 0 && Double.isFinite(err[i]));
        if (bars) {
            double[] e = Arrays.stream(keep).mapToDouble(i -> Double.isFinite(err[i]) ? err[i] : 0).toArray();
            return chart.addSeries(name, xs, ys, e);
        }
        return chart.addSeries(name, xs, ys);
    }

    private final java.util.List<String> skipped = new java.util.ArrayList<>();

    /** The underlying chart (for tests). */
    public XYChart chart() {
        return chart;
    }

    /**
     * Writes {@code png} and, next to it, the same figure as SVG (same name, {@code .svg}).
     *
     * @return the paths written
     */
    public Path[] save(Path png) {
        if (!skipped.isEmpty()) {
            chart.addAnnotation(new AnnotationTextPanel(String.join("\n", skipped), 80, chart.getHeight() - 120,
                    true));
        }
        if (chart.getSeriesMap().isEmpty()) {
            // XChart cannot scale axes without data: draw an invisible point so the frame and the note render
            XYSeries s = chart.addSeries(" ", new double[] {0}, new double[] {0});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
        try {
            byte[] bitmap = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, svg, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            AtomicFiles.writeBytes(png, bitmap);
            Path svgPath = png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", "") + ".svg");
            AtomicFiles.writeBytes(svgPath, svg.toByteArray());
            return new Path[] {png, svgPath};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
    }
}
