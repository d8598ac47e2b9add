package org.sparseattention.validation.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A heat map of {@code z[i][j]} over a grid ({@code x_i}, {@code y_j}) written as a PNG and its SVG
 * twin, with a colour bar, labelled level lines (marching squares on the cell centres), grey cells
 * where {@code z} is undefined (NaN), and hatched cells where the computation did not give a
 * trustworthy value (unresolved or failed points; drawn over the value's colour when there is one).
 * The key under the colour bar lists only the cell kinds present.
 */
public final class HeatMap {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 780;
    private static final int LEFT = 95;
    private static final int TOP = 80;
    private static final int RIGHT = 170;
    private static final int BOTTOM = 80;
    private static final Color UNDEFINED = new Color(200, 200, 200);
    private static final Color INFINITE = new Color(140, 20, 40);

    private final String[] title;
    private final String xLabel;
    private final double[] x;
    private final String yLabel;
    private final double[] y;
    private final double[][] z;
    private final String zLabel;
    private boolean log;
    private boolean[][] hatched;
    private String hatchLabel = "";
    private String undefinedLabel = "undefined";
    private String infiniteLabel = "infinite";
    /** Overlaid markers: {@code {i, j, value}} per marker (value NaN: hollow marker). */
    private final List<double[]> markers = new ArrayList<>();
    private String markerNote = "";

    /**
     * @param title  title lines (the first in bold)
     * @param xLabel x-axis title
     * @param x      x values (columns)
     * @param yLabel y-axis title
     * @param y      y values (rows)
     * @param z      values, {@code z[i][j]} at {@code (x[i], y[j])}, NaN where undefined
     * @param zLabel colour-bar title
     */
    public HeatMap(String[] title, String xLabel, double[] x, String yLabel, double[] y, double[][] z,
                   String zLabel) {
        if (z.length != x.length || (z.length > 0 && z[0].length != y.length)) {
            throw new IllegalArgumentException("z must be x.length by y.length");
        }
        this.title = title.clone();
        this.xLabel = xLabel;
        this.x = x.clone();
        this.yLabel = yLabel;
        this.y = y.clone();
        this.z = z;
        this.zLabel = zLabel;
    }

    /**
     * Hatches the cells where {@code mask[i][j]} is true, with {@code label} in the key (e.g.
     * "unresolved: no value").
     */
    public HeatMap hatch(boolean[][] mask, String label) {
        if (mask.length != x.length || (mask.length > 0 && mask[0].length != y.length)) {
            throw new IllegalArgumentException("the hatch mask must be x.length by y.length");
        }
        hatched = new boolean[x.length][];
        for (int i = 0; i < x.length; i++) {
            hatched[i] = mask[i].clone();
        }
        hatchLabel = label;
        return this;
    }

    /** Key label of NaN cells that are not hatched (default "undefined"). */
    public HeatMap undefinedLabel(String label) {
        undefinedLabel = label;
        return this;
    }

    /** Key label of infinite cells that are not hatched (default "infinite"). */
    public HeatMap infiniteLabel(String label) {
        infiniteLabel = label;
        return this;
    }

    /** Whether cell {@code (i, j)} is hatched. */
    public boolean isHatched(int i, int j) {
        return hatched != null && hatched[i][j];
    }

    /** The key's labels, in order: only the kinds of cells present in the map. */
    public List<String> keyLabels() {
        List<String> out = new ArrayList<>();
        boolean nan = false;
        boolean inf = false;
        boolean hatch = false;
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                if (isHatched(i, j)) {
                    hatch = true;
                } else if (Double.isNaN(z[i][j])) {
                    nan = true;
                } else if (Double.isInfinite(z[i][j])) {
                    inf = true;
                }
            }
        }
        if (nan) {
            out.add(undefinedLabel);
        }
        if (inf) {
            out.add(infiniteLabel);
        }
        if (hatch) {
            out.add(hatchLabel);
        }
        return out;
    }

    /**
     * Overlays a round marker on cell {@code (i, j)}, filled with the colour of {@code value} on the
     * map's colour scale (black outline), or hollow when {@code value} is NaN; {@code note} is drawn
     * under the plot (once, the last one given).
     */
    public HeatMap marker(int i, int j, double value, String note) {
        if (i < 0 || i >= x.length || j < 0 || j >= y.length) {
            throw new IllegalArgumentException("marker cell (" + i + ", " + j + ") outside the map");
        }
        markers.add(new double[] {i, j, value});
        markerNote = note;
        return this;
    }

    /** Renders the image. */
    public BufferedImage render() {
        return Canvas.bitmap(WIDTH, HEIGHT, this::paint);
    }

    private void paint(Graphics2D g) {
        int pw = WIDTH - LEFT - RIGHT;
        int ph = HEIGHT - TOP - BOTTOM;
        double cw = (double) pw / x.length;
        double ch = (double) ph / y.length;
        double[] range = range();
        log = range[0] > 0 && range[1] / range[0] > 20;
        double lo = tr(range[0]);
        double hi = tr(range[1]);
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y.length; j++) {
                double v = z[i][j];
                boolean h = isHatched(i, j);
                g.setColor(Double.isNaN(v) ? (h ? Color.WHITE : UNDEFINED) : Double.isInfinite(v)
                        ? (h ? Color.WHITE : INFINITE) : Palette.viridis((tr(v) - lo) / (hi - lo)));
                int x0 = LEFT + (int) Math.floor(i * cw);
                int x1 = LEFT + (int) Math.floor((i + 1) * cw);
                int y1 = TOP + ph - (int) Math.floor(j * ch);
                int y0 = TOP + ph - (int) Math.floor((j + 1) * ch);
                g.fillRect(x0, y0, x1 - x0, y1 - y0);
                if (h) {
                    hatchRect(g, x0, y0, x1 - x0, y1 - y0);
                }
            }
        }
        drawContours(g, levelsOf(range[0], range[1]), cw, ch, ph);
        drawMarkers(g, lo, hi, cw, ch, ph);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(LEFT, TOP, pw, ph);
        drawAxes(g, pw, ph, cw, ch);
        drawColourBar(g, range[0], range[1], ph - 110);
        drawTitle(g);
    }

    /** Diagonal black-and-white hatching of a rectangle (lines clipped by hand: no clip in the SVG). */
    private static void hatchRect(Graphics2D g, int x0, int y0, int w, int h) {
        for (Color c : new Color[] {Color.WHITE, Color.BLACK}) {
            g.setColor(c);
            g.setStroke(new BasicStroke(c == Color.WHITE ? 3.2f : 1.3f));
            for (int s = 5; s < w + h; s += 9) {
                // the line x + (y0 + h - y) = x0 + s inside the rectangle, from its bottom/left to its top/right
                double ax = x0 + Math.max(0, s - h);
                double ay = y0 + h - Math.min(s, h);
                double bx = x0 + Math.min(s, w);
                double by = y0 + h - Math.max(0, s - w);
                g.draw(new Line2D.Double(ax, ay, bx, by));
            }
        }
    }

    /** Writes the PNG and its SVG twin atomically; returns both paths. */
    public Path[] save(Path png) {
        return Canvas.save(png, WIDTH, HEIGHT, this::paint);
    }

    private double[] range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] col : z) {
            for (double v : col) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            return new double[] {lo - 0.5, hi + 0.5};
        }
        return new double[] {lo, hi};
    }

    private double tr(double v) {
        return log ? Math.log(v) : v;
    }

    /** Level lines: linear "nice" levels, or 1-2-5 per decade on a logarithmic colour scale. */
    private double[] levelsOf(double lo, double hi) {
        if (!log) {
            return levels(lo, hi);
        }
        List<Double> out = new ArrayList<>();
        for (double dec = Math.pow(10, Math.floor(Math.log10(lo))); dec < hi; dec *= 10) {
            for (double f : new double[] {1, 2, 5}) {
                double v = f * dec;
                if (v > lo && v < hi) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** About six "nice" levels strictly inside {@code (lo, hi)}. */
    static double[] levels(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double f : new double[] {1, 2, 2.5, 5, 10}) {
            step = f * mag;
            if (step >= raw) {
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step) * step; v < hi; v += step) {
            if (v > lo) {
                out.add(Math.rint(v / step) * step);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void drawContours(Graphics2D g, double[] levels, double cw, double ch, int ph) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        for (double level : levels) {
            List<Line2D> segs = new ArrayList<>();
            for (int i = 0; i + 1 < x.length; i++) {
                for (int j = 0; j + 1 < y.length; j++) {
                    square(segs, tr(level), i, j, cw, ch, ph);
                }
            }
            if (segs.isEmpty()) {
                continue;
            }
            g.setStroke(new BasicStroke(1.6f));
            g.setColor(new Color(255, 255, 255, 220));
            for (Line2D s : segs) {
                g.draw(s);
            }
            Line2D mid = segs.get(segs.size() / 2);
            String label = fmt(level);
            int tx = (int) mid.getX1() + 3;
            int ty = (int) mid.getY1() - 3;
            g.setColor(Color.BLACK);
            g.drawString(label, tx + 1, ty + 1);
            g.setColor(Color.WHITE);
            g.drawString(label, tx, ty);
        }
    }

    private void square(List<Line2D> segs, double level, int i, int j, double cw, double ch, int ph) {
        double[] v = {tr(z[i][j]), tr(z[i + 1][j]), tr(z[i + 1][j + 1]), tr(z[i][j + 1])};
        for (double a : v) {
            if (!Double.isFinite(a)) {
                return;
            }
        }
        double[][] corner = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
        List<double[]> pts = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            int f = (e + 1) % 4;
            double a = v[e] - level;
            double b = v[f] - level;
            if ((a < 0) != (b < 0)) {
                double t = a / (a - b);
                double gi = corner[e][0] + t * (corner[f][0] - corner[e][0]);
                double gj = corner[e][1] + t * (corner[f][1] - corner[e][1]);
                pts.add(new double[] {LEFT + (gi + 0.5) * cw, TOP + ph - (gj + 0.5) * ch});
            }
        }
        for (int k = 0; k + 1 < pts.size(); k += 2) {
            segs.add(new Line2D.Double(pts.get(k)[0], pts.get(k)[1], pts.get(k + 1)[0], pts.get(k + 1)[1]));
        }
    }

    private void drawMarkers(Graphics2D g, double lo, double hi, double cw, double ch, int ph) {
        if (markers.isEmpty()) {
            return;
        }
        int r = (int) Math.max(5, Math.min(14, 0.32 * Math.min(cw, ch)));
        for (double[] m : markers) {
            int cx = LEFT + (int) Math.round((m[0] + 0.5) * cw);
            int cy = TOP + ph - (int) Math.round((m[1] + 0.5) * ch);
            double v = m[2];
            if (Double.isFinite(v)) {
                g.setColor(Palette.viridis((tr(v) - lo) / (hi - lo)));
                g.fillOval(cx - r, cy - r, 2 * r, 2 * r);
            }
            g.setStroke(new BasicStroke(2f));
            g.setColor(Color.WHITE);
            g.drawOval(cx - r - 1, cy - r - 1, 2 * r + 2, 2 * r + 2);
            g.setColor(Color.BLACK);
            g.drawOval(cx - r, cy - r, 2 * r, 2 * r);
        }
        if (!markerNote.isEmpty()) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.setColor(Color.DARK_GRAY);
            g.drawString(markerNote, LEFT, HEIGHT - 6);
        }
    }

    private void drawAxes(Graphics2D g, int pw, int ph, double cw, double ch) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int i : ticks(x.length)) {
            int px = LEFT + (int) Math.round((i + 0.5) * cw);
            g.drawLine(px, TOP + ph, px, TOP + ph + 5);
            String s = fmt(x[i]);
            g.drawString(s, px - fm.stringWidth(s) / 2, TOP + ph + 20);
        }
        for (int j : ticks(y.length)) {
            int py = TOP + ph - (int) Math.round((j + 0.5) * ch);
            g.drawLine(LEFT - 5, py, LEFT, py);
            String s = fmt(y[j]);
            g.drawString(s, LEFT - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        fm = g.getFontMetrics();
        g.drawString(xLabel, LEFT + pw / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 25);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + ph / 2 + fm.stringWidth(yLabel) / 2), 30);
        g.setTransform(saved);
    }

    private void drawColourBar(Graphics2D g, double lo, double hi, int ph) {
        int bx = WIDTH - RIGHT + 30;
        int bw = 25;
        for (int p = 0; p < ph; p++) {
            g.setColor(Palette.viridis(1 - (double) p / (ph - 1)));
            g.fillRect(bx, TOP + p, bw, 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(bx, TOP, bw, ph);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double tlo = tr(lo);
        double thi = tr(hi);
        for (double level : levelsOf(lo, hi)) {
            int py = TOP + (int) Math.round((thi - tr(level)) / (thi - tlo) * ph);
            g.drawLine(bx + bw, py, bx + bw + 5, py);
            g.drawString(fmt(level), bx + bw + 8, py + 4);
        }
        g.drawString(fmt(hi), bx + bw + 8, TOP + 4);
        g.drawString(fmt(lo), bx + bw + 8, TOP + ph + 4);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(log ? zLabel + " (log scale)" : zLabel, bx - 5, TOP - 12);
        int ky = TOP + ph + 25;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (String label : keyLabels()) {
            if (label.equals(hatchLabel) && hatched != null) {
                g.setColor(Color.WHITE);
                g.fillRect(bx, ky, bw, 14);
                hatchRect(g, bx, ky, bw, 14);
            } else {
                g.setColor(label.equals(undefinedLabel) ? UNDEFINED : INFINITE);
                g.fillRect(bx, ky, bw, 14);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(bx, ky, bw, 14);
            drawWrapped(g, label, bx + bw + 6, ky + 12, RIGHT - bw - 40);
            ky += 20 + 14 * (wrap(g, label, RIGHT - bw - 40).size() - 1);
        }
    }

    private static void drawWrapped(Graphics2D g, String text, int x0, int y0, int width) {
        int yy = y0;
        for (String line : wrap(g, text, width)) {
            g.drawString(line, x0, yy);
            yy += 14;
        }
    }

    private static List<String> wrap(Graphics2D g, String text, int width) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private void drawTitle(Graphics2D g) {
        int yPos = 28;
        for (int k = 0; k < title.length; k++) {
            g.setFont(new Font(Font.SANS_SERIF, k == 0 ? Font.BOLD : Font.PLAIN, k == 0 ? 17 : 13));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(title[k], WIDTH / 2 - fm.stringWidth(title[k]) / 2, yPos);
            yPos += k == 0 ? 22 : 18;
        }
    }

    private static int[] ticks(int n) {
        int step = Math.max(1, (int) Math.ceil(n / 8.0));
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i += step) {
            out.add(i);
        }
        if (out.get(out.size() - 1) != n - 1 && (n - 1) - out.get(out.size() - 1) >= step / 2.0) {
            out.add(n - 1);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
