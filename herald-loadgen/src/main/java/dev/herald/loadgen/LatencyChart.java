package dev.herald.loadgen;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * A PNG of a latency-by-percentile curve, drawn with Java2D. The x axis is {@code log10(1 / (1 - p))} so the tail
 * (99%, 99.9%, 99.99%) gets as much room as the body, as HdrHistogram's own plots do.
 */
public final class LatencyChart {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final int LEFT = 80;
    private static final int RIGHT = 45;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** The x axis ends at 99.999%. */
    private static final double MAX_NINES = 5;

    private LatencyChart() {
    }

    /** Draws the percentiles of {@code micros} (a histogram of microseconds) titled {@code title} into {@code file}. */
    public static void write(Histogram micros, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            double maxMs = Math.max(micros.getMaxValue() / 1000.0, 0.001) * 1.1;
            drawAxes(g, maxMs);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, LEFT, TOP - 20);
            if (micros.getTotalCount() > 0) {
                drawCurve(g, micros, maxMs);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
    }

    private static void drawAxes(Graphics2D g, double maxMs) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        for (int nines = 0; nines <= MAX_NINES; nines++) {
            int x = LEFT + (int) (plotWidth * nines / MAX_NINES);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP, x, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = nines == 0 ? "0%" : String.format(Locale.ROOT, "%s%%",
                    trim(100 - 100 / Math.pow(10, nines)));
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 18);
        }
        for (int tick = 0; tick <= 5; tick++) {
            int y = TOP + plotHeight - plotHeight * tick / 5;
            g.setColor(new Color(225, 225, 225));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", maxMs * tick / 5), 10, y + 4);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        g.drawString("percentile", LEFT + plotWidth / 2 - 30, HEIGHT - 15);
        g.drawString("ms", 10, TOP - 16); // above the top tick label
    }

    private static String trim(double percent) {
        String text = String.format(Locale.ROOT, "%.4f", percent);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static void drawCurve(Graphics2D g, Histogram micros, double maxMs) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        Path2D.Double curve = new Path2D.Double();
        boolean first = true;
        for (HistogramIterationValue value : micros.percentiles(5)) {
            double fraction = value.getPercentileLevelIteratedTo() / 100.0;
            double nines = fraction >= 1 ? MAX_NINES : Math.min(MAX_NINES, Math.log10(1 / (1 - fraction)));
            double x = LEFT + plotWidth * nines / MAX_NINES;
            double y = TOP + plotHeight - plotHeight * (value.getValueIteratedTo() / 1000.0) / maxMs;
            if (first) {
                curve.moveTo(x, y);
                first = false;
            } else {
                curve.lineTo(x, y);
            }
        }
        g.setColor(new Color(30, 90, 200));
        g.setStroke(new BasicStroke(2f));
        g.draw(curve);
    }
}
