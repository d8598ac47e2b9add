package org.sparseattention.simulation.data;

import java.util.SplittableRandom;

/**
 * Sampler of the sparse-token model (THEORY.md section 1): {@code y = +1} with probability
 * {@code pi}; for positives a uniform subset {@code S} of size {@code R} and
 * {@code X = theta 1_S xi^T + Z}; for negatives {@code X = Z}; {@code Z} i.i.d. N(0,1).
 *
 * <p>Draw order from the stream (fixed, so samples can be regenerated): one uniform for the
 * label, then for positives {@code R} integers (partial Fisher-Yates shuffle), then the
 * {@code L x dim} Gaussians row by row. The same class draws exact low-dimensional
 * coordinates when given the coordinates of {@code xi} in a small orthonormal basis.
 */
public final class SparseTokenSampler {
    private final int L;
    private final int R;
    private final double pi;
    private final double theta;
    private final double[] xi;
    private final int dim;

    /**
     * @param xi signal direction (or its coordinates in an orthonormal basis); not copied
     */
    public SparseTokenSampler(int L, int R, double pi, double theta, double[] xi) {
        if (L < 2 || R < 1 || R > L - 1) {
            throw new IllegalArgumentException("need L >= 2 and 1 <= R <= L-1, got L=" + L + " R=" + R);
        }
        this.L = L;
        this.R = R;
        this.pi = pi;
        this.theta = theta;
        this.xi = xi;
        this.dim = xi.length;
    }

    /** @return sequence length */
    public int L() {
        return L;
    }

    /** @return token dimension */
    public int dim() {
        return dim;
    }

    /** Draws only the label: the same first draw as {@link #draw}. */
    public int drawLabel(SplittableRandom rng) {
        return rng.nextDouble() < pi ? 1 : -1;
    }

    /**
     * Draws one sample.
     *
     * @param rng    the sample's own stream
     * @param x      output tokens, row-major {@code L x dim}
     * @param signal output signal indicator per token (may be null)
     * @return the label +1 or -1
     */
    public int draw(SplittableRandom rng, double[] x, boolean[] signal) {
        int y = drawLabel(rng);
        int[] perm = null;
        if (y == 1) {
            perm = new int[L];
            for (int l = 0; l < L; l++) {
                perm[l] = l;
            }
            for (int k = 0; k < R; k++) {
                int j = k + rng.nextInt(L - k);
                int t = perm[k];
                perm[k] = perm[j];
                perm[j] = t;
            }
        }
        int n = L * dim;
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        if (signal != null) {
            java.util.Arrays.fill(signal, false);
        }
        if (y == 1) {
            for (int k = 0; k < R; k++) {
                int l = perm[k];
                int off = l * dim;
                for (int j = 0; j < dim; j++) {
                    x[off + j] += theta * xi[j];
                }
                if (signal != null) {
                    signal[l] = true;
                }
            }
        }
        return y;
    }

    /** Uniform unit vector in R^d (Gaussian direction) from {@code rng}. */
    public static double[] randomUnitVector(SplittableRandom rng, int d) {
        double[] v = new double[d];
        double s;
        do {
            s = 0;
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextGaussian();
                s += v[j] * v[j];
            }
        } while (s == 0);
        double inv = 1.0 / Math.sqrt(s);
        for (int j = 0; j < d; j++) {
            v[j] *= inv;
        }
        return v;
    }

    /** Uniform unit vector orthogonal to the unit vector {@code xi} (needs {@code d >= 2}). */
    public static double[] randomOrthogonalUnitVector(SplittableRandom rng, double[] xi) {
        int d = xi.length;
        if (d < 2) {
            throw new IllegalArgumentException("a direction orthogonal to xi needs d >= 2, got d=" + d);
        }
        while (true) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = rng.nextGaussian();
            }
            double p = 0;
            for (int j = 0; j < d; j++) {
                p += v[j] * xi[j];
            }
            double s = 0;
            for (int j = 0; j < d; j++) {
                v[j] -= p * xi[j];
                s += v[j] * v[j];
            }
            if (s > 1e-20) {
                double inv = 1.0 / Math.sqrt(s);
                for (int j = 0; j < d; j++) {
                    v[j] *= inv;
                }
                return v;
            }
        }
    }
}
