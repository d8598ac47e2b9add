package org.sparseattention.simulation.data;

import java.util.SplittableRandom;

/**
 * Sampler of the sparse-token model (docs/theory.md section 1): {@code y = +1} with probability
 * {@code pi}; for positives a uniform subset {@code S} of size {@code R} and
 * {@code X = theta 1_S xi^T + Z}; for negatives {@code X = Z}; {@code Z} i.i.d. N(0,1).
 *
 * <p>Draw order from the stream (fixed, so samples can be regenerated): one uniform for the
 * label, then for positives {@code R} integers (partial Fisher-Yates shuffle), then
 * {@code L x dim} standard Gaussians {@code G} row by row, mapped to the noise by the Helmert
 * rotation {@code Z = H^T G} ({@link #helmert}): row 0 of {@code G} is {@code sqrt(L)} times the
 * token mean of {@code Z} and rows {@code 1..L-1} are its deviations from the mean in an
 * orthonormal basis. {@code H} is orthogonal, so {@code Z} has i.i.d. N(0,1) entries exactly,
 * and the token mean of a sample needs only the first {@code dim} Gaussians
 * ({@link #drawMean}), with the same values as the mean of the full draw. The same class draws
 * exact low-dimensional coordinates when given the coordinates of {@code xi} in a small
 * orthonormal basis.
 */
public final class SparseTokenSampler {
    private final int L;
    private final int R;
    private final double pi;
    private final double theta;
    private final double[] xi;
    private final int dim;
    private final double invSqrtL;
    /** {@code c_k = 1/sqrt(k(k+1))}, k = 1..L-1 (index k). */
    private final double[] c;

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
        this.invSqrtL = 1.0 / Math.sqrt(L);
        this.c = new double[L];
        for (int k = 1; k < L; k++) {
            c[k] = 1.0 / Math.sqrt((double) k * (k + 1));
        }
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

    /** Label and (for positives) signal positions in {@code perm[0..R)}; returns the label. */
    private int labelAndSignal(SplittableRandom rng, int[] perm) {
        int y = drawLabel(rng);
        if (y == 1) {
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
        return y;
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
        int[] perm = new int[L];
        int y = labelAndSignal(rng, perm);
        int n = L * dim;
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextGaussian();
        }
        helmert(x, L, dim, invSqrtL, c);
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

    /**
     * Draws the token mean {@code X^T 1_L / L} of the sample that {@link #draw} would draw from
     * the same stream (equal up to rounding), using {@code dim} Gaussians instead of
     * {@code L dim}: {@code mean = G_0 / sqrt(L) + theta (R/L) xi} for positives.
     *
     * @param mean output, length {@code dim}
     * @return the label +1 or -1
     */
    public int drawMean(SplittableRandom rng, double[] mean) {
        int[] perm = new int[L];
        int y = labelAndSignal(rng, perm);
        for (int j = 0; j < dim; j++) {
            mean[j] = rng.nextGaussian() * invSqrtL;
        }
        if (y == 1) {
            double s = theta * R / L;
            for (int j = 0; j < dim; j++) {
                mean[j] += s * xi[j];
            }
        }
        return y;
    }

    /**
     * In-place Helmert rotation {@code Z = H^T G} of the rows of an {@code L x dim} array
     * ({@code H} orthogonal; row 0 of {@code H} is {@code 1_L / sqrt(L)}, row {@code k >= 1} is
     * {@code (1, ..., 1, -k, 0, ..., 0) c_k} with {@code k} ones, {@code c_k = 1/sqrt(k(k+1))}):
     * {@code z_l = g_0/sqrt(L) + sum_{k>l} c_k g_k - l c_l g_l}, computed with a running suffix
     * sum kept in row 0.
     */
    static void helmert(double[] x, int L, int dim, double invSqrtL, double[] c) {
        for (int j = 0; j < dim; j++) {
            x[j] *= invSqrtL;
        }
        for (int l = L - 1; l >= 1; l--) {
            int o = l * dim;
            double cl = c[l];
            double dl = l * cl;
            for (int j = 0; j < dim; j++) {
                double g = x[o + j];
                x[o + j] = x[j] - dl * g;
                x[j] += cl * g;
            }
        }
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
