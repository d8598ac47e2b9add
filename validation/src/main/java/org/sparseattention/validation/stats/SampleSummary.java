package org.sparseattention.validation.stats;

/**
 * Mean, sample standard deviation and standard error of the mean of a sample.
 *
 * @param n      sample size
 * @param mean   sample mean
 * @param std    sample standard deviation (denominator {@code n - 1}; NaN for {@code n = 1})
 * @param stderr {@code std / sqrt(n)}
 */
public record SampleSummary(int n, double mean, double std, double stderr) {

    /** Validates the size. */
    public SampleSummary {
        if (n < 1) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
    }

    /** Summarises the finite values of {@code x} (NaN entries are skipped). */
    public static SampleSummary of(double[] x) {
        int n = 0;
        double sum = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("a sample needs at least one finite value");
        }
        double mean = sum / n;
        double ss = 0;
        for (double v : x) {
            if (!Double.isNaN(v)) {
                ss += (v - mean) * (v - mean);
            }
        }
        double std = n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        return new SampleSummary(n, mean, std, std / Math.sqrt(n));
    }
}
