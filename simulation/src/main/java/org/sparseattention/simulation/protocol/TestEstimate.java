package org.sparseattention.simulation.protocol;

/**
 * A test-error estimate.
 *
 * @param error   fraction of test samples with {@code y yhat <= 0}
 * @param stderr  binomial standard error {@code sqrt(error (1 - error) / samples)}
 * @param samples number of test samples
 */
public record TestEstimate(double error, double stderr, int samples) {
    static TestEstimate of(long errors, int samples) {
        double p = (double) errors / samples;
        return new TestEstimate(p, Math.sqrt(p * (1 - p) / samples), samples);
    }

    /** Estimate from per-chunk error counts, summed in chunk order. */
    static TestEstimate ofChunks(long[] chunkErrors, int samples) {
        long total = 0;
        for (long v : chunkErrors) {
            total += v;
        }
        return of(total, samples);
    }
}
