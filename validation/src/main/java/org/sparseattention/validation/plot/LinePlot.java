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
     * Adds a line without markers.
     *
     * @param err error bars (nullable; omitted when all zero or NaN)
     */
    public LinePlot line(String name, double[] x, double[] y, double[] err, Color color) {
        XYSeries s = add(name, x, y, err);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2.2f);
        return this;
    }

    /** Adds a dashed line without markers. */
    public LinePlot dashed(String name, double[] x, double[] y, Color color) {
        line(name, x, y, null, color);
        chart.getSeriesMap().get(name).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
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
        s.setXYSeriesRenderStyle(style);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        s.setLineColor(color);
        s.setLineWidth(2f);
        return this;
    }

    private XYSeries add(String name, double[] x, double[] y, double[] err) {
        if (x.length == 0) {
            throw new IllegalArgumentException("series '" + name + "' is empty");
        }
        boolean bars = err != null && Arrays.stream(err).anyMatch(e -> e > 0 && Double.isFinite(e));
        if (bars) {
            double[] e = Arrays.stream(err).map(v -> Double.isFinite(v) ? v : 0).toArray();
            return chart.addSeries(name, x, y, e);
        }
        return chart.addSeries(name, x, y);
    }

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
