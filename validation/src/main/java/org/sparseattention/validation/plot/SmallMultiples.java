package org.sparseattention.validation.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;

import org.sparseattention.validation.io.AtomicFiles;

/** Pictures already written as PNG, stacked top to bottom into one PNG (small multiples, one panel each). */
public final class SmallMultiples {
    private SmallMultiples() {
    }

    /**
     * Reads the PNG panels and writes them stacked vertically, left aligned on white, into {@code png}.
     *
     * @param panels PNG files, top to bottom (at least one)
     * @return {@code png}
     */
    public static Path stack(List<Path> panels, Path png) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("no panels to stack into " + png);
        }
        try {
            List<BufferedImage> images = new ArrayList<>();
            int width = 0;
            int height = 0;
            for (Path p : panels) {
                BufferedImage im = ImageIO.read(p.toFile());
                if (im == null) {
                    throw new IOException("not an image: " + p);
                }
                images.add(im);
                width = Math.max(width, im.getWidth());
                height += im.getHeight();
            }
            BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (BufferedImage im : images) {
                g.drawImage(im, 0, y, null);
                y += im.getHeight();
            }
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(out, "png", bytes);
            AtomicFiles.writeBytes(png, bytes.toByteArray());
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stack panels into " + png + ": " + e.getMessage(), e);
        }
    }
}
