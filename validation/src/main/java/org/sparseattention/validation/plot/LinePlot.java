package org.sparseattention.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.nio.file.Path;
import java.util.Arrays;

import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

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
        this(title, xLabel, yLabel, 1100, 680, false);
    }

    private final boolean compact;

    private LinePlot(String title, String xLabel, String yLabel, int width, int height, boolean compact) {
        this.compact = compact;
        // the title is centred over the plot area (the legend takes about 280 pixels on the right): a title too
        // long for it moves its last parenthesised part (the parameters) into the note box
        String parameters = null;
        int room = compact ? width - 30 : width - 280;
        int cut = title.lastIndexOf(" (");
        if (!compact && titleFont(title, room, 13).getSize() < 11 && title.endsWith(")") && cut > 0) {
            parameters = title.substring(cut + 2, title.length() - 1);
            title = title.substring(0, cut);
        }
        chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel)
                .build();
        int base = compact ? 12 : 13;
        chart.getStyler().setChartTitleFont(titleFont(title, room, compact ? 14 : 13));
        chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, compact ? 13 : 15));
        chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, base));
        chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, base));
        chart.getStyler().setLegendPosition(compact ? Styler.LegendPosition.InsideNE : Styler.LegendPosition.OutsideE);
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 215));
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        chart.getStyler().setMarkerSize(compact ? 8 : 9);
        chart.getStyler().setXAxisDecimalPattern("#,##0.###");
        if (parameters != null) {
            note(parameters.replace(" ", "\n"));
        }
    }

    /** The bold title font, smaller (down to 9 points) when the title would not fit {@code room} pixels. */
    private static Font titleFont(String title, int room, int size) {
        java.awt.image.BufferedImage probe = new java.awt.image.BufferedImage(1, 1,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = probe.createGraphics();
        try {
            int s = size;
            while (s > 9 && g.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, s)).stringWidth(title) > room) {
                s--;
            }
            return new Font(Font.SANS_SERIF, Font.BOLD, s);
        } finally {
            g.dispose();
        }
    }

    /**
     * A small panel for a {@link PanelGrid}: {@code width x height} pixels, smaller fonts, legend
     * inside the plot.
     */
    public static LinePlot panel(String title, String xLabel, String yLabel, int width, int height) {
        return new LinePlot(title, xLabel, yLabel, width, height, true);
    }

    /** Logarithmic x axis when the data span at least two decades (XChart labels decades only). */
    public LinePlot logXIfWide(double[] x) {
        double lo = java.util.Arrays.stream(x).min().orElse(1);
        double hi = java.util.Arrays.stream(x).max().orElse(1);
        if (lo > 0 && hi / lo >= 100) {
            logX();
        }
        return this;
    }

    /**
     * Logarithmic x axis: labels at every tick of a full-size figure, at the powers of ten only on
     * a small panel (where the ticks between them would overlap). No custom label function: XChart
     * 3.8.8's tick search does not terminate with one on a logarithmic axis.
     */
    public LinePlot logX() {
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisLogarithmicDecadeOnly(compact);
        return this;
    }

    /** Logarithmic y axis (labels as for {@link #logX()}). */
    public LinePlot logY() {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(compact);
        return this;
    }

    /** Whether the y axis is logarithmic. */
    public boolean isLogY() {
        return chart.getStyler().isYAxisLogarithmic();
    }

    /** Whether the x axis is logarithmic. */
    public boolean isLogX() {
        return chart.getStyler().isXAxisLogarithmic();
    }

    /** Fixed y range. */
    public LinePlot yRange(double lo, double hi) {
        chart.getStyler().setYAxisMin(lo);
        chart.getStyler().setYAxisMax(hi);
        return this;
    }

    /** Names of every series, in order (those kept out of the legend too). */
    public java.util.List<String> allSeriesNames() {
        return chart.getSeriesMap().values().stream().filter(s -> !s.getName().equals(" ")).map(XYSeries::getName)
                .toList();
    }

    /** Keeps series {@code name} out of the legend (no effect when there is no such series). */
    public LinePlot hideFromLegend(String name) {
        XYSeries s = chart.getSeriesMap().get(name);
        if (s != null) {
            s.setShowInLegend(false);
        }
        return this;
    }

    /** No legend (a panel whose key is given elsewhere). */
    public LinePlot hideLegend() {
        chart.getStyler().setLegendVisible(false);
        return this;
    }

    /** Legend inside the plot, top left. */
    public LinePlot legendTopLeft() {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return this;
    }

    /** Names of the series drawn, in order (invisible helper series excluded). */
    public java.util.List<String> seriesNames() {
        return chart.getSeriesMap().values().stream().filter(XYSeries::isShowInLegend).map(XYSeries::getName)
                .toList();
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
        return dash(name);
    }

    /** Draws series {@code name} dashed (no effect when there is no such series). */
    public LinePlot dash(String name) {
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

    /** Adds isolated markers of the given shape (with error bars when given and nonzero). */
    public LinePlot points(String name, double[] x, double[] y, double[] err, Color color, Marker marker) {
        return marked(name, x, y, err, color, XYSeries.XYSeriesRenderStyle.Scatter, marker);
    }

    /** Adds a line with markers. */
    public LinePlot lineWithMarkers(String name, double[] x, double[] y, double[] err, Color color) {
        return marked(name, x, y, err, color, XYSeries.XYSeriesRenderStyle.Line, SeriesMarkers.CIRCLE);
    }

    /**
     * Adds a line with markers of the given shape; {@code dashed} draws the line dashed (so that a
     * series drawn earlier under it stays visible).
     */
    public LinePlot lineWithMarkers(String name, double[] x, double[] y, double[] err, Color color, Marker marker,
                                    boolean dashed) {
        marked(name, x, y, err, color, XYSeries.XYSeriesRenderStyle.Line, marker);
        XYSeries s = chart.getSeriesMap().get(name);
        if (s != null && dashed) {
            s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {7f, 5f}, 0f));
        }
        return this;
    }

    private LinePlot marked(String name, double[] x, double[] y, double[] err, Color color,
                            XYSeries.XYSeriesRenderStyle style) {
        return marked(name, x, y, err, color, style, SeriesMarkers.CIRCLE);
    }

    private LinePlot marked(String name, double[] x, double[] y, double[] err, Color color,
                            XYSeries.XYSeriesRenderStyle style, Marker marker) {
        XYSeries s = add(name, x, y, err);
        if (s == null) {
            return this;
        }
        s.setXYSeriesRenderStyle(style);
        s.setMarker(marker);
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
                .filter(i -> Double.isFinite(x[i]) && Double.isFinite(y[i])
                        && !(isLogX() && x[i] <= 0) && !(isLogY() && y[i] <= 0)).toArray();
        int dropped = x.length - keep.length;
        if (dropped > 0) {
            skipped.add(name + ": " + (keep.length == 0 ? "no finite value, not drawn"
                    : dropped + (isLogX() || isLogY() ? " non-finite or non-positive value" : " non-finite value")
                    + (dropped > 1 ? "s" : "") + " not drawn"));
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

    /** Decades spanned by the positive data on the x (or y) axis; 0 without data. */
    private double decades(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double v : xAxis ? series.getXData() : series.getYData()) {
                if (v > 0 && Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return hi > 0 ? Math.log10(hi / lo) : 0;
    }

    /** Width of the figure in pixels. */
    public int width() {
        return chart.getWidth();
    }

    /** Height of the figure in pixels. */
    public int height() {
        return chart.getHeight();
    }

    /** Paints the figure (with its notes) at the origin of {@code g}. */
    void paint(java.awt.Graphics2D g) {
        finish();
        chart.paint(g, chart.getWidth(), chart.getHeight());
    }

    private boolean finished;

    private void finish() {
        if (finished) {
            return;
        }
        finished = true;
        // a logarithmic axis labels every tick when the data span at most 1.5 decades, the powers of ten
        // otherwise (more labels would overlap); a small panel labels the powers of ten only
        if (!compact && isLogX()) {
            chart.getStyler().setXAxisLogarithmicDecadeOnly(decades(true) > 1.5);
        }
        if (!compact && isLogY()) {
            chart.getStyler().setYAxisLogarithmicDecadeOnly(decades(false) > 1.5);
        }
        if (!skipped.isEmpty()) {
            chart.addAnnotation(new AnnotationTextPanel(String.join("\n", skipped), 80, chart.getHeight() - 120,
                    true));
        }
        if (chart.getSeriesMap().isEmpty()) {
            // XChart cannot scale axes without data: draw an invisible point so the frame and the note render
            XYSeries s = chart.addSeries(" ", new double[] {1}, new double[] {1});
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
        }
    }

    /**
     * Writes {@code png} and, next to it, the same figure as SVG (same name, {@code .svg}).
     *
     * @return the paths written
     */
    public Path[] save(Path png) {
        finish();
        return Canvas.save(png, chart.getWidth(), chart.getHeight(), this::paint);
    }
}
