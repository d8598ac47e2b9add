package org.sparseattention.validation.plot;

import java.awt.Color;

/** Colours shared by every figure: one fixed colour per model, a perceptual colour map. */
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
