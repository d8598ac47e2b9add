package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Vec;

/**
 * Dense row-major design {@code A} ({@code n x p}) whose rows are the features already
 * scaled by {@code 1/sqrt(d)}, so that predictions are {@code A w + b} (THEORY.md section 2).
 * Products are parallelised over rows ({@code A w}) or columns ({@code A^T r}); each output
 * entry is always summed in the same order, so results do not depend on the thread count.
 */
public final class FeatureMatrix {
    private static final int ROW_CHUNK = 128;
    private static final int COL_CHUNK = 256;

    private final int n;
    private final int p;
    private final double[] a;
    private final ChunkedExecutor ex;

    /**
     * @param n  rows
     * @param p  columns
     * @param a  row-major data of length {@code n p} (not copied)
     * @param ex executor for the products
     */
    public FeatureMatrix(int n, int p, double[] a, ChunkedExecutor ex) {
        if ((long) n * p != a.length) {
            throw new IllegalArgumentException("data length " + a.length + " != n*p = " + (long) n * p);
        }
        this.n = n;
        this.p = p;
        this.a = a;
        this.ex = ex == null ? ChunkedExecutor.serial() : ex;
    }

    /** @return rows */
    public int rows() {
        return n;
    }

    /** @return columns */
    public int cols() {
        return p;
    }

    /** @return raw row-major data (not a copy) */
    public double[] data() {
        return a;
    }

    /** @return the executor used for products */
    public ChunkedExecutor executor() {
        return ex;
    }

    /** @return {@code <row i, w>} */
    public double rowDot(int i, double[] w) {
        return Vec.dot(a, i * p, w, p);
    }

    /** {@code out = A w + b}. */
    public void multiply(double[] w, double b, double[] out) {
        ex.forEachChunk(n, ROW_CHUNK, (c, s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = Vec.dot(a, i * p, w, p) + b;
            }
        });
    }

    /** {@code out = A^T r}. */
    public void transposeMultiply(double[] r, double[] out) {
        ex.forEachChunk(p, COL_CHUNK, (c, s, e) -> {
            for (int j = s; j < e; j++) {
                out[j] = 0;
            }
            for (int i = 0; i < n; i++) {
                double ri = r[i];
                if (ri == 0) {
                    continue;
                }
                int o = i * p;
                for (int j = s; j < e; j++) {
                    out[j] += ri * a[o + j];
                }
            }
        });
    }

    /** Per-sample derivative of a margin loss. */
    @FunctionalInterface
    public interface RowDerivative {
        /** @return the loss derivative of sample {@code i} at prediction {@code z} */
        double at(int i, double z);
    }

    /**
     * One pass over {@code A} doing two products: {@code ad = A dw + db}, then
     * {@code r_i = deriv(i, z_i + ad_i)} and {@code out = A^T r}. Rows are processed in
     * fixed chunks whose partial sums are added in chunk order (thread-count independent).
     */
    public void fusedStep(double[] dw, double db, double[] z, RowDerivative deriv, double[] ad, double[] r,
            double[] out) {
        double[] sum = ex.sumChunks(n, ROW_CHUNK, p, (c, s, e, buf) -> {
            for (int i = s; i < e; i++) {
                int o = i * p;
                double v = Vec.dot(a, o, dw, p) + db;
                ad[i] = v;
                double ri = deriv.at(i, z[i] + v);
                r[i] = ri;
                if (ri != 0) {
                    for (int j = 0; j < p; j++) {
                        buf[j] += ri * a[o + j];
                    }
                }
            }
        });
        System.arraycopy(sum, 0, out, 0, p);
    }

    /** @return squared row norms */
    public double[] rowNormsSquared() {
        double[] out = new double[n];
        ex.forEachChunk(n, ROW_CHUNK, (c, s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = Vec.dot(a, i * p, a, i * p, p);
            }
        });
        return out;
    }
}
