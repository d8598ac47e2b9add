package org.sparseattention.theory.numerics;

import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.SobolSequenceGenerator;
import org.hipparchus.random.Well19937c;

/**
 * Randomized quasi-Monte Carlo standard normal vectors: Sobol points (the first, all-zero,
 * point skipped) shifted by a uniform random vector modulo 1 (Cranley-Patterson rotation) and
 * pushed through the normal inverse CDF. Each randomization is an unbiased estimator; the
 * spread of independent randomizations gives the error bar (docs/theory.md section 5).
 */
public final class RandomizedSobol {
    private RandomizedSobol() {
    }

    /**
     * @param dimension  vector dimension (at most 1000 for Hipparchus's direction numbers)
     * @param count      number of points
     * @param seed       seed of the random shift
     * @return {@code count x dimension} standard normal points, row-major
     */
    public static double[][] normals(int dimension, int count, long seed) {
        double[][] base = basePoints(dimension, count);
        RandomGenerator rng = new Well19937c(mix(seed));
        double[] shift = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            shift[j] = rng.nextDouble();
        }
        double[][] out = new double[count][dimension];
        for (int i = 0; i < count; i++) {
            double[] u = base[i];
            for (int j = 0; j < dimension; j++) {
                double v = u[j] + shift[j];
                if (v >= 1) {
                    v -= 1;
                }
                // keep away from 0 exactly (a shifted point can land on it)
                if (v <= 0) {
                    v = 0.5 / (1L << 40);
                }
                out[i][j] = Gaussian.inverseCdf(v);
            }
        }
        return out;
    }

    /**
     * SplitMix64 finaliser: nearby seeds (consecutive randomizations, classes, components) give
     * unrelated generator states, so the random shifts of different randomizations are independent.
     */
    static long mix(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The first {@code count} Sobol points after the all-zero one, cached: Hipparchus reads its
     * direction numbers from a resource on each construction, which dominates the cost otherwise.
     */
    private static double[][] basePoints(int dimension, int count) {
        long key = ((long) dimension << 32) | count;
        return CACHE.computeIfAbsent(key, k -> {
            SobolSequenceGenerator sobol = new SobolSequenceGenerator(dimension);
            sobol.skipTo(1);
            double[][] pts = new double[count][];
            for (int i = 0; i < count; i++) {
                pts[i] = sobol.nextVector();
            }
            return pts;
        });
    }

    private static final java.util.Map<Long, double[][]> CACHE = new java.util.concurrent.ConcurrentHashMap<>();
}
