package org.sparseattention.validation.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;

import javax.imageio.ImageIO;

import org.sparseattention.validation.io.AtomicFiles;

import org.jfree.svg.SVGGraphics2D;

/**
 * Writes one drawing twice: as a PNG and, next to it under the same name, as an SVG (the drawing
 * code runs once on a bitmap and once on JFreeSVG's {@link Graphics2D}, which writes SVG text directly). Both
 * are written atomically.
 */
final class Canvas {
    private Canvas() {
    }

    /** The SVG twin of a PNG path: same name, {@code .svg}. */
    static Path svgOf(Path png) {
        return png.resolveSibling(png.getFileName().toString().replaceFirst("\\.png$", "") + ".svg");
    }

    /** Paints {@code painter} on a white {@code width x height} bitmap. */
    static BufferedImage bitmap(int width, int height, Consumer<Graphics2D> painter) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.accept(g);
        g.dispose();
        return img;
    }

    /** Paints {@code painter} into an SVG document of {@code width x height} pixels. */
    static byte[] svg(int width, int height, Consumer<Graphics2D> painter) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.accept(g);
        return g.getSVGDocument().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code png} and its SVG twin.
     *
     * @return the two paths written (PNG first)
     */
    static Path[] save(Path png, int width, int height, Consumer<Graphics2D> painter) {
        try {
            // the PNG is compressed on a second thread while the SVG is drawn (both take a while cold)
            BufferedImage image = bitmap(width, height, painter);
            ByteArrayOutputStream bitmap = new ByteArrayOutputStream();
            IOException[] pngFailure = new IOException[1];
            Thread encoder = new Thread(() -> {
                try {
                    ImageIO.write(image, "png", bitmap);
                } catch (IOException e) {
                    pngFailure[0] = e;
                }
            }, "sta-png");
            encoder.start();
            byte[] svg = svg(width, height, painter);
            joinUninterruptibly(encoder);
            if (pngFailure[0] != null) {
                throw pngFailure[0];
            }
            AtomicFiles.writeBytes(png, bitmap.toByteArray());
            Path svgPath = svgOf(png);
            AtomicFiles.writeBytes(svgPath, svg);
            return new Path[] {png, svgPath};
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render " + png + ": " + e.getMessage(), e);
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
