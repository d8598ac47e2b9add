package org.sparseattention.validation.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

import org.junit.jupiter.api.Test;

/** Titles of a panel grid fit its width. */
class PanelGridTest {

    private static final String LONG = "Simulation approaching the theory as d grows (L=10 R=1 pi=0.5 theta=5 logistic "
            + "lambda=0.01 beta=10 eta=0.5 alpha0=2)";

    /** A title wider than the grid is shrunk until it fits; one that fits keeps its size. */
    @Test
    void longTitlesShrinkToTheWidth() {
        Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 17);
        int room = 1100 - 20;
        assertTrue(g.getFontMetrics(bold).stringWidth(LONG) > room, "the example title must be too wide to start with");
        Font f = PanelGrid.fitted(g, bold, LONG, room);
        assertTrue(g.getFontMetrics(f).stringWidth(LONG) <= room, "shrunk title fits");
        assertTrue(f.getSize() >= 0.8 * room / g.getFontMetrics(bold).stringWidth(LONG) * 17, "not shrunk far more than needed");
        assertEquals(Font.BOLD, f.getStyle());
        assertEquals(bold, PanelGrid.fitted(g, bold, "short", room));
        g.dispose();
    }
}
