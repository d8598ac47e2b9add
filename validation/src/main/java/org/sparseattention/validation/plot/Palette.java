package org.sparseattention.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;

import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Colours and marker shapes shared by every figure: one fixed colour and marker per model (so that
 * series that coincide stay distinguishable), a perceptual colour map.
 */
public final class Palette {
    private static final Color[] SERIES = {
        new Color(0xD6, 0x27, 0x28), new Color(0x1F, 0x77, 0xB4), new Color(0x2C, 0xA0, 0x2C),
        new Color(0xFF, 0x7F, 0x0E), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
    };
    /** Viridis anchor colours (0, 0.25, 0.5, 0.75, 1). */
    private static final int[][] VIRIDIS = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37},
    };

    private Palette() {
    }

    /** Colour of series {@code i} (attention, pooled, vectorized get 0, 1, 2). */
    public static Color series(int i) {
        return SERIES[Math.floorMod(i, SERIES.length)];
    }

    /**
     * Marker of series {@code i} (attention, pooled, vectorized get 0, 1, 2): a filled circle, a
     * large hollow square, a small filled diamond. A small marker drawn over a large hollow one
     * leaves both visible where the two series coincide.
     */
    public static Marker marker(int i) {
        return switch (Math.floorMod(i, 3)) {
            case 0 -> SeriesMarkers.CIRCLE;
            case 1 -> HOLLOW_SQUARE;
            default -> SMALL_DIAMOND;
        };
    }

    /** Whether series {@code i} is drawn with a dashed line (the vectorized model: pooled shows through). */
    public static boolean dashed(int i) {
        return Math.floorMod(i, 3) == 2;
    }

    /** A hollow square 1.5 times the marker size. */
    static final Marker HOLLOW_SQUARE = new Marker() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            double h = 0.75 * size;
            g.setStroke(new BasicStroke(2f));
            g.draw(new Rectangle2D.Double(x - h, y - h, 2 * h, 2 * h));
        }
    };

    /** A filled diamond 0.8 times the marker size. */
    static final Marker SMALL_DIAMOND = new Marker() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            double h = 0.45 * size;
            java.awt.geom.Path2D.Double p = new java.awt.geom.Path2D.Double();
            p.moveTo(x, y - h);
            p.lineTo(x + h, y);
            p.lineTo(x, y + h);
            p.lineTo(x - h, y);
            p.closePath();
            g.fill(p);
        }
    };

    /** A hollow circle (theory values in the small multiples). */
    public static final Marker HOLLOW_CIRCLE = new Marker() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            double h = 0.6 * size;
            g.setStroke(new BasicStroke(2f));
            g.draw(new Ellipse2D.Double(x - h, y - h, 2 * h, 2 * h));
        }
    };

    /** Viridis-like colour of {@code t} in [0, 1] (clamped). */
    public static Color viridis(double t) {
        double u = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) Math.floor(u), VIRIDIS.length - 2);
        double f = u - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return new Color((int) Math.round(a[0] + f * (b[0] - a[0])), (int) Math.round(a[1] + f * (b[1] - a[1])),
                (int) Math.round(a[2] + f * (b[2] - a[2])));
    }
}
