package org.sparseattention.simulation.data;

/**
 * Feature maps of docs/theory.md section 2 on a row-major {@code L x d} token array:
 * pooled {@code X^T 1/L}, attention {@code X^T softmax(beta X q)} (log-sum-exp softmax),
 * vectorized {@code vec(X)}.
 */
public final class FeatureMaps {
    private FeatureMaps() {
    }

    /** {@code out[off..off+d) = scale * X^T 1_L / L}. */
    public static void pooled(double[] x, int L, int d, double scale, double[] out, int off) {
        double c = scale / L;
        for (int j = 0; j < d; j++) {
            out[off + j] = 0;
        }
        for (int l = 0; l < L; l++) {
            int o = l * d;
            for (int j = 0; j < d; j++) {
                out[off + j] += x[o + j];
            }
        }
        for (int j = 0; j < d; j++) {
            out[off + j] *= c;
        }
    }

    /**
     * Softmax weights {@code a = softmax(beta X q)} into {@code a} (length L), computed with the
     * maximum subtracted (log-sum-exp).
     */
    public static void attentionWeights(double[] x, int L, int d, double[] q, double beta, double[] a) {
        double max = Double.NEGATIVE_INFINITY;
        for (int l = 0; l < L; l++) {
            double s = 0;
            int o = l * d;
            for (int j = 0; j < d; j++) {
                s += x[o + j] * q[j];
            }
            a[l] = beta * s;
            if (a[l] > max) {
                max = a[l];
            }
        }
        double z = 0;
        for (int l = 0; l < L; l++) {
            a[l] = Math.exp(a[l] - max);
            z += a[l];
        }
        for (int l = 0; l < L; l++) {
            a[l] /= z;
        }
    }

    /** {@code out[off..off+d) = scale * X^T a} with {@code a} already computed. */
    public static void weightedSum(double[] x, int L, int d, double[] a, double scale, double[] out, int off) {
        for (int j = 0; j < d; j++) {
            out[off + j] = 0;
        }
        for (int l = 0; l < L; l++) {
            double c = a[l] * scale;
            int o = l * d;
            for (int j = 0; j < d; j++) {
                out[off + j] += c * x[o + j];
            }
        }
    }

    /** {@code out[off..off+d) = scale * X^T softmax(beta X q)}; {@code a} is scratch of length L. */
    public static void attention(double[] x, int L, int d, double[] q, double beta, double scale, double[] a,
            double[] out, int off) {
        attentionWeights(x, L, d, q, beta, a);
        weightedSum(x, L, d, a, scale, out, off);
    }

    /** {@code out[off..off+Ld) = scale * vec(X)} (token-major). */
    public static void vectorized(double[] x, int L, int d, double scale, double[] out, int off) {
        int n = L * d;
        for (int i = 0; i < n; i++) {
            out[off + i] = scale * x[i];
        }
    }
}
