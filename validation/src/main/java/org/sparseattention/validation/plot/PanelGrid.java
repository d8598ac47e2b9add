package org.sparseattention.validation.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Small multiples: XChart panels of equal size laid out row by row under a title, written as one
 * PNG and one SVG (each panel is painted onto its tile of the same drawing). A tile may hold a text
 * key instead of a panel.
 */
public final class PanelGrid {
    private static final int TITLE_LINE = 24;
    /** Space kept free on each side of a title line. */
    private static final int TITLE_MARGIN = 10;

    private final String[] title;
    private final int columns;
    private final int tileWidth;
    private final int tileHeight;
    private final List<Object> tiles = new ArrayList<>();

    /**
     * @param title      title lines (the first in bold)
     * @param columns    tiles per row
     * @param tileWidth  width of a tile in pixels
     * @param tileHeight height of a tile in pixels
     */
    public PanelGrid(String[] title, int columns, int tileWidth, int tileHeight) {
        if (columns < 1 || tileWidth < 100 || tileHeight < 100) {
            throw new IllegalArgumentException("a panel grid needs at least one column of tiles of 100 x 100 pixels");
        }
        this.title = title.clone();
        this.columns = columns;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
    }

    /** A new panel of the tile size, added at the next tile. */
    public LinePlot panel(String panelTitle, String xLabel, String yLabel) {
        LinePlot p = LinePlot.panel(panelTitle, xLabel, yLabel, tileWidth, tileHeight);
        tiles.add(p);
        return p;
    }

    /** A text key at the next tile (one line per entry). */
    public PanelGrid text(List<String> lines) {
        tiles.add(List.copyOf(lines));
        return this;
    }

    /**
     * One entry of a key tile: a line sample (solid, dashed or none) with a marker (or none) in a
     * colour, and its label.
     */
    public record KeyEntry(String label, Color colour, org.knowm.xchart.style.markers.Marker marker, boolean line,
                           boolean dashed) {
    }

    /** A key at the next tile: a heading and one sample per entry. */
    public PanelGrid key(String heading, List<KeyEntry> entries) {
        tiles.add(new Key(heading, List.copyOf(entries)));
        return this;
    }

    /** Fills the first empty tile with a key, or adds the key after the last tile when none is empty. */
    public PanelGrid keyInFreeTile(String heading, List<KeyEntry> entries) {
        for (int t = 0; t < tiles.size(); t++) {
            if (tiles.get(t) instanceof List<?> l && l.isEmpty()) {
                tiles.set(t, new Key(heading, List.copyOf(entries)));
                return this;
            }
        }
        return key(heading, entries);
    }

    /** The keys' entries, in tile order (for tests). */
    public List<KeyEntry> keyEntries() {
        List<KeyEntry> out = new ArrayList<>();
        for (Object t : tiles) {
            if (t instanceof Key k) {
                out.addAll(k.entries());
            }
        }
        return out;
    }

    private record Key(String heading, List<KeyEntry> entries) {
    }

    /** An empty tile. */
    public PanelGrid blank() {
        tiles.add(List.of());
        return this;
    }

    /** The panels, in tile order (text tiles excluded). */
    public List<LinePlot> panels() {
        List<LinePlot> out = new ArrayList<>();
        for (Object t : tiles) {
            if (t instanceof LinePlot p) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Tiles per row. */
    public int columns() {
        return columns;
    }

    /** Number of tile rows. */
    public int rows() {
        return Math.max(1, (tiles.size() + columns - 1) / columns);
    }

    /** Width of the image. */
    public int width() {
        return columns * tileWidth;
    }

    /** Height of the image. */
    public int height() {
        return top() + rows() * tileHeight;
    }

    private int top() {
        return 16 + TITLE_LINE * title.length;
    }

    /** Writes the PNG and its SVG twin; returns both paths. */
    public Path[] save(Path png) {
        return Canvas.save(png, width(), height(), this::paint);
    }

    /**
     * {@code font}, or a smaller size of it if {@code text} would be wider than {@code room} pixels (a long title
     * over one or two narrow tiles is shrunk to fit rather than cut at both edges).
     */
    static Font fitted(Graphics2D g, Font font, String text, int room) {
        Font f = font;
        // whole point sizes (a fractional size of the logical font can lose its bold face), down to 8 points
        while (g.getFontMetrics(f).stringWidth(text) > room && f.getSize() > 8) {
            f = new Font(f.getName(), f.getStyle(), f.getSize() - 1);
        }
        return f;
    }

    @SuppressWarnings("unchecked")
    private void paint(Graphics2D g) {
        int y = 24;
        for (int k = 0; k < title.length; k++) {
            g.setFont(fitted(g, new Font(Font.SANS_SERIF, k == 0 ? Font.BOLD : Font.PLAIN, k == 0 ? 17 : 14), title[k],
                    width() - 2 * TITLE_MARGIN));
            FontMetrics fm = g.getFontMetrics();
            g.setColor(Color.BLACK);
            g.drawString(title[k], width() / 2 - fm.stringWidth(title[k]) / 2, y);
            y += TITLE_LINE;
        }
        for (int t = 0; t < tiles.size(); t++) {
            int x0 = (t % columns) * tileWidth;
            int y0 = top() + (t / columns) * tileHeight;
            Graphics2D tile = (Graphics2D) g.create();
            tile.translate(x0, y0);
            if (tiles.get(t) instanceof LinePlot p) {
                p.paint(tile);
            } else if (tiles.get(t) instanceof Key k) {
                paintKey(tile, k);
            } else {
                paintText(tile, (List<String>) tiles.get(t));
            }
            tile.dispose();
        }
    }

    private void paintKey(Graphics2D g, Key key) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        int y = 60;
        g.drawString(key.heading(), 40, y);
        y += 34;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (KeyEntry e : key.entries()) {
            g.setColor(e.colour());
            if (e.line()) {
                g.setStroke(e.dashed() ? new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f) : new java.awt.BasicStroke(2f));
                g.drawLine(40, y - 5, 100, y - 5);
            }
            if (e.marker() != null) {
                g.setStroke(new java.awt.BasicStroke(1f));
                e.marker().paint(g, 70, y - 5, 10);
            }
            g.setColor(Color.BLACK);
            g.drawString(e.label(), 115, y);
            y += 28;
        }
    }

    private void paintText(Graphics2D g, List<String> lines) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        int y = 50;
        for (String line : lines) {
            boolean bold = line.startsWith("*");
            g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, 14));
            g.drawString(bold ? line.substring(1) : line, 30, y);
            y += fm.getHeight() + 4;
        }
    }
}
