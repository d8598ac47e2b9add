package org.sparseattention.validation.io;

import java.io.PrintWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Progress of a long computation on standard error: units done out of the total, elapsed time
 * and an estimate of the time left. Thread-safe.
 *
 * <p>On a terminal (standard error is a terminal device on Linux, or {@code -Dsta.tty=true}) a single
 * bar is redrawn in place at most twice a second; otherwise (logs, batch jobs) a line is printed
 * when at least 5 s and a fifth of the elapsed time (or 10 minutes) have passed since the previous
 * one, so a run of hours prints a few dozen lines.
 *
 * <p>The time left is extrapolated from the rate over the most recent half of the elapsed time
 * (not from the start), so the slow first units (class loading, JIT compilation, caches being
 * built) and parallel work finishing in bursts do not bias it; it is shown once 3 s have passed and
 * 2% of the work is done. With a {@code totalWeight} the fraction done is measured in cost, not in
 * units (units of unequal cost, e.g. trials at several {@code d}).
 */
public final class Progress {
    private static final long NANOS = 1_000_000_000L;
    private static final boolean TTY = stderrIsTerminal();

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final int total;
    private final long start;
    private final double totalWeight;
    private final boolean tty;
    private final Deque<double[]> history = new ArrayDeque<>();
    private int done;
    private double doneWeight = Double.NaN;
    private long lastPrint;
    private boolean finished;

    /**
     * @param err   where to print (standard error)
     * @param label what is being computed
     * @param unit  name of one unit, plural (e.g. {@code points}, {@code trials})
     * @param total units in all
     */
    public Progress(PrintWriter err, String label, String unit, int total) {
        this(err, label, unit, total, Double.NaN);
    }

    /**
     * A progress whose estimate of the time left uses the cost of the units
     * ({@link #setWeighted}) instead of their count.
     *
     * @param totalWeight the cost of all units
     */
    public Progress(PrintWriter err, String label, String unit, int total, double totalWeight) {
        this(err, label, unit, total, totalWeight, TTY, System.nanoTime());
    }

    /**
     * As above, choosing explicitly between the redrawn bar ({@code tty}) and log lines, with the
     * start time in {@link System#nanoTime()} units (tests pass their own clock to {@link #update}).
     */
    Progress(PrintWriter err, String label, String unit, int total, double totalWeight, boolean tty, long start) {
        this.start = start;
        this.lastPrint = start;
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = Math.max(total, 1);
        this.totalWeight = totalWeight;
        this.tty = tty;
    }

    /** Reports units done and the cost done so far (for the estimate of the time left). */
    public synchronized void setWeighted(int n, double weight) {
        doneWeight = Double.isNaN(doneWeight) ? weight : Math.max(doneWeight, weight);
        update(n, System.nanoTime());
    }

    /** Marks one more unit done. */
    public synchronized void step() {
        update(done + 1, System.nanoTime());
    }

    /** Reports an absolute number of units done. */
    public synchronized void set(int n) {
        update(n, System.nanoTime());
    }

    /** Records progress at time {@code now} (nanoseconds) and prints if due. */
    synchronized void update(int n, long now) {
        done = Math.max(done, Math.min(n, total));
        double t = (now - start) / (double) NANOS;
        double f = fraction();
        history.addLast(new double[] {t, f});
        // keep samples back to half the elapsed time (the window of the rate), at most a few thousand
        while (history.size() > 2 && history.peekFirst()[0] < t / 2 && second()[0] <= t / 2) {
            history.removeFirst();
        }
        while (history.size() > 4096) {
            history.removeFirst();
        }
        boolean last = done >= total;
        if (finished) {
            return;
        }
        long since = now - lastPrint;
        boolean due = tty ? since >= NANOS / 2
                : since >= 5 * NANOS && (since >= (now - start) / 5 || since >= 600 * NANOS);
        if (!last && !due) {
            return;
        }
        lastPrint = now;
        finished = last;
        String line = line(t, f, eta(t, f));
        if (tty) {
            err.print("\r" + line + "\u001b[K" + (last ? "\n" : ""));
        } else {
            err.println(line);
        }
        err.flush();
    }

    private double[] second() {
        var it = history.iterator();
        it.next();
        return it.next();
    }

    /** Fraction of the work done, by cost when the costs are known. */
    private double fraction() {
        if (!Double.isNaN(doneWeight) && totalWeight > 0) {
            return Math.min(1, doneWeight / totalWeight);
        }
        return (double) done / total;
    }

    /**
     * Seconds left, from the rate over the most recent half of the elapsed time, or NaN when too
     * early to say.
     */
    double eta(double t, double f) {
        if (f >= 1 || t < 3 || f < 0.02) {
            return Double.NaN;
        }
        double[] first = history.peekFirst();
        double dt = t - first[0];
        double df = f - first[1];
        if (dt <= 0.25 * t || df <= 0) {
            // no recent progress to measure: the rate since the start
            return t / f * (1 - f);
        }
        return dt / df * (1 - f);
    }

    private String line(double t, double f, double eta) {
        String counts = done + "/" + total + " " + unit;
        String time = seconds(t) + " elapsed" + (Double.isNaN(eta) ? "" : ", ETA " + seconds(eta));
        if (!tty) {
            return String.format(Locale.ROOT, "sta: %s: %s (%.0f%%), %s", label, counts, 100 * f, time);
        }
        int width = 24;
        int filled = (int) Math.floor(f * width);
        String bar = "=".repeat(filled) + (filled < width ? ">" + " ".repeat(width - filled - 1) : "");
        return String.format(Locale.ROOT, "sta %s [%s] %3.0f%% %s, %s", label, bar, 100 * f, counts, time);
    }

    /** Whether standard error is a terminal: {@code -Dsta.tty}, else where Linux says fd 2 points. */
    private static boolean stderrIsTerminal() {
        String p = System.getProperty("sta.tty");
        if (p != null) {
            return Boolean.parseBoolean(p);
        }
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /** Formats a duration as {@code 12.3 s}, {@code 4 min 05 s} or {@code 2 h 03 min}. */
    static String seconds(double s) {
        if (s < 90) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long r = Math.round(s);
        if (r < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", r / 60, r % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", r / 3600, (r % 3600) / 60);
    }
}
