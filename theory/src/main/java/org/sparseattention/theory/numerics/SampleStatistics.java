package org.sparseattention.theory.numerics;

import org.hipparchus.util.FastMath;

/** Mean and standard error over independent randomizations (docs/cli.md {@code test_error_err}). */
public final class SampleStatistics {
    private SampleStatistics() {
    }

    /** Arithmetic mean. */
    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample standard deviation divided by {@code sqrt(K)}; 0 for a single value. */
    public static double standardError(double[] x) {
        if (x.length < 2) {
            return 0;
        }
        double mu = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - mu) * (v - mu);
        }
        return FastMath.sqrt(s / (x.length - 1) / x.length);
    }
}
