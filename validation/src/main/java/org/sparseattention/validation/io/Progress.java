package org.sparseattention.validation.io;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Progress of a long computation on standard error: units done out of the total, elapsed
 * time and an estimate of the time left. Lines are throttled (at most one every couple of
 * seconds, plus the final one). Thread-safe.
 */
public final class Progress {
    private static final long MIN_INTERVAL_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final int total;
    private final long start = System.nanoTime();
    private final AtomicInteger done = new AtomicInteger();
    private final double totalWeight;
    private double doneWeight = Double.NaN;
    private long lastPrint = start;

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
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.total = Math.max(total, 1);
        this.totalWeight = totalWeight;
    }

    /** Reports units done and the cost done so far (for the estimate of the time left). */
    public void setWeighted(int n, double weight) {
        synchronized (this) {
            doneWeight = Double.isNaN(doneWeight) ? weight : Math.max(doneWeight, weight);
        }
        set(n);
    }

    /** Marks one more unit done. */
    public void step() {
        report(done.incrementAndGet());
    }

    /** Reports an absolute number of units done. */
    public void set(int n) {
        done.accumulateAndGet(n, Math::max);
        report(done.get());
    }

    private synchronized void report(int n) {
        long now = System.nanoTime();
        if (n < total && now - lastPrint < MIN_INTERVAL_NANOS) {
            return;
        }
        lastPrint = now;
        double elapsed = (now - start) * 1e-9;
        double fraction = Double.isNaN(doneWeight) || !(totalWeight > 0) ? (double) n / total
                : doneWeight / totalWeight;
        String eta = fraction > 0 && n < total ? ", ETA " + seconds(elapsed / fraction * (1 - fraction)) : "";
        err.printf(Locale.ROOT, "sta: %s: %d/%d %s, %s elapsed%s%n", label, Math.min(n, total), total, unit,
                seconds(elapsed), eta);
        err.flush();
    }

    /** Formats a duration as {@code 12.3 s} or {@code 4 min 05 s}. */
    static String seconds(double s) {
        if (s < 90) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long r = Math.round(s);
        return String.format(Locale.ROOT, "%d min %02d s", r / 60, r % 60);
    }
}
