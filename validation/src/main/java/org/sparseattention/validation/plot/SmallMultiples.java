package org.sparseattention.validation.plot;

import java.awt.Graphics2D;
import java.nio.file.Path;
import java.util.List;

/** Figures stacked top to bottom into one PNG and its SVG twin (small multiples, one panel each). */
public final class SmallMultiples {
    private SmallMultiples() {
    }

    /**
     * Draws the figures stacked vertically, left aligned on white, into {@code png} and its SVG twin
     * (same name, {@code .svg}).
     *
     * @param panels figures, top to bottom (at least one)
     * @return the PNG and SVG paths
     */
    public static Path[] stack(List<LinePlot> panels, Path png) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to stack into " + png);
        }
        int width = panels.stream().mapToInt(LinePlot::width).max().orElseThrow();
        int height = panels.stream().mapToInt(LinePlot::height).sum();
        return Canvas.save(png, width, height, g -> {
            int y = 0;
            for (LinePlot p : panels) {
                Graphics2D tile = (Graphics2D) g.create();
                tile.translate(0, y);
                p.paint(tile);
                tile.dispose();
                y += p.height();
            }
        });
    }
}
