package org.sparseattention.simulation.erm;

import java.util.Arrays;

import org.sparseattention.simulation.util.ChunkedExecutor;

/**
 * Dense design {@code A} ({@code n x p}) whose rows are the features already scaled by
 * {@code 1/sqrt(d)}, so that predictions are {@code A w + b} (docs/theory.md section 2).
 *
 * <p>Storage: one array per row, in {@code float} ({@link Precision#FLOAT}, half the memory and
 * memory traffic; the solvers then minimise the ERM of the float-rounded design exactly, since
 * every product is accumulated in {@code double}) or in {@code double}. Products are parallelised
 * over rows ({@code A w}, the fused step, and the single-precision {@code A^T r} of
 * {@link #fastTransposeMultiply}, whose row chunks are added in a fixed order) or over columns (the
 * exact {@code A^T r} of {@link #transposeMultiply}); each output entry is always summed in the same
 * order, so results do not depend on the thread count.
 */
public final class FeatureMatrix {
    /** Element type of the stored design. */
    public enum Precision {
        /** 4 bytes per entry (relative rounding 6e-8 of each feature). */
        FLOAT,
        /** 8 bytes per entry. */
        DOUBLE
    }

    /** Rows per reduction chunk of {@link #fusedStep} (fixed: part of the summation order). */
    private static final int ROW_CHUNK = 128;
    /** Rows per task of row-parallel products. */
    private static final int ROW_TASK = 256;
    /** Smallest column block of {@link #transposeMultiply}. */
    private static final int MIN_COL_CHUNK = 256;
    /**
     * Terms summed in float by {@link #fastTransposeMultiply} before the partial sum is added to a
     * float total of at most this many partial sums, which is then added in double.
     */
    static final int FLOAT_BLOCK = 32;
    /** Rows per chunk of {@link #fastTransposeMultiply} (fixed: part of the summation order). */
    private static final int FAST_ROW_CHUNK = 256;
    /**
     * Largest design (entries, 64 MB of floats) for which {@link #fastTransposeMultiply} uses the
     * single-precision lanes; larger designs use the exact kernel. A size rule, not a free-memory or
     * thread-count rule, so that the products never depend on the heap or the number of threads.
     */
    private static final long FAST_LANES_MAX_ENTRIES = 1L << 24;

    private final int n;
    private final int p;
    private final float[][] fr;
    private final double[][] dr;
    private final ChunkedExecutor ex;

    /**
     * Double-precision design from row-major data (copied).
     *
     * @param n  rows
     * @param p  columns
     * @param a  row-major data of length {@code n p}
     * @param ex executor for the products (null = serial)
     */
    public FeatureMatrix(int n, int p, double[] a, ChunkedExecutor ex) {
        if (n < 0 || p < 0 || (long) n * p != a.length) {
            throw new IllegalArgumentException("data length " + a.length + " != n*p = " + (long) n * p);
        }
        this.n = n;
        this.p = p;
        this.fr = null;
        this.dr = new double[n][];
        for (int i = 0; i < n; i++) {
            dr[i] = Arrays.copyOfRange(a, i * p, i * p + p);
        }
        this.ex = ex == null ? ChunkedExecutor.serial() : ex;
    }

    private FeatureMatrix(int n, int p, float[][] fr, double[][] dr, ChunkedExecutor ex) {
        this.n = n;
        this.p = p;
        this.fr = fr;
        this.dr = dr;
        this.ex = ex == null ? ChunkedExecutor.serial() : ex;
    }

    /**
     * Writer of a design row by row (rows may be set from several threads, each row once);
     * {@link #build} hands the storage to the matrix without copying.
     */
    public static final class Builder {
        private final int n;
        private final int p;
        private final float[][] fr;
        private final double[][] dr;
        private boolean built;

        private Builder(int n, int p, Precision precision) {
            if (n < 1 || p < 1) {
                throw new IllegalArgumentException("a design needs n >= 1 rows and p >= 1 columns, got " + n + " x " + p);
            }
            this.n = n;
            this.p = p;
            if (precision == Precision.FLOAT) {
                fr = new float[n][p];
                dr = null;
            } else {
                fr = null;
                dr = new double[n][p];
            }
        }

        /** Stores {@code scale * src[off..off+p)} as row {@code i} (rounded to the storage precision). */
        public void setRow(int i, double[] src, int off, double scale) {
            if (fr != null) {
                float[] row = fr[i];
                for (int j = 0; j < p; j++) {
                    row[j] = (float) (scale * src[off + j]);
                }
            } else {
                double[] row = dr[i];
                for (int j = 0; j < p; j++) {
                    row[j] = scale * src[off + j];
                }
            }
        }

        /** @return the matrix (the builder must not be used afterwards) */
        public FeatureMatrix build(ChunkedExecutor ex) {
            if (built) {
                throw new IllegalStateException("FeatureMatrix.Builder.build called twice");
            }
            built = true;
            return new FeatureMatrix(n, p, fr, dr, ex);
        }
    }

    /** @return a writer of an {@code n x p} design stored in {@code precision} */
    public static Builder builder(int n, int p, Precision precision) {
        return new Builder(n, p, precision);
    }

    /** @return bytes taken by the entries of an {@code n x p} design in {@code precision} */
    public static long bytes(long n, long p, Precision precision) {
        return n * p * (precision == Precision.FLOAT ? 4 : 8);
    }

    /** @return rows */
    public int rows() {
        return n;
    }

    /** @return columns */
    public int cols() {
        return p;
    }

    /** @return the storage precision */
    public Precision precision() {
        return fr != null ? Precision.FLOAT : Precision.DOUBLE;
    }

    /** @return the executor used for products */
    public ChunkedExecutor executor() {
        return ex;
    }

    /** @return entry {@code (i, j)} as stored */
    public double get(int i, int j) {
        return fr != null ? fr[i][j] : dr[i][j];
    }

    /** @return {@code <row i, w>} */
    public double rowDot(int i, double[] w) {
        return fr != null ? dot(fr[i], w, p) : dot(dr[i], w, p);
    }

    /** @return {@code <row i, row k>} */
    public double rowRowDot(int i, int k) {
        double s0 = 0, s1 = 0;
        int j = 0;
        if (fr != null) {
            float[] a = fr[i], b = fr[k];
            for (; j + 1 < p; j += 2) {
                s0 += (double) a[j] * b[j];
                s1 += (double) a[j + 1] * b[j + 1];
            }
            for (; j < p; j++) {
                s0 += (double) a[j] * b[j];
            }
        } else {
            double[] a = dr[i], b = dr[k];
            for (; j + 1 < p; j += 2) {
                s0 += a[j] * b[j];
                s1 += a[j + 1] * b[j + 1];
            }
            for (; j < p; j++) {
                s0 += a[j] * b[j];
            }
        }
        return s0 + s1;
    }

    /** {@code w += c * row i}. */
    public void addRowTo(int i, double c, double[] w) {
        if (fr != null) {
            float[] a = fr[i];
            for (int j = 0; j < p; j++) {
                w[j] += c * a[j];
            }
        } else {
            double[] a = dr[i];
            for (int j = 0; j < p; j++) {
                w[j] += c * a[j];
            }
        }
    }

    /** {@code out = A w + b}. */
    public void multiply(double[] w, double b, double[] out) {
        ex.forEachChunk(n, ROW_TASK, (c, s, e) -> {
            int i = s;
            for (; i + 3 < e; i += 4) {
                dot4(i, w, out);
                out[i] += b;
                out[i + 1] += b;
                out[i + 2] += b;
                out[i + 3] += b;
            }
            for (; i < e; i++) {
                out[i] = rowDot(i, w) + b;
            }
        });
    }

    /** {@code out = A^T r}; rows with {@code r_i = 0} are skipped. */
    public void transposeMultiply(double[] r, double[] out) {
        int[] nz = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (r[i] != 0) {
                nz[m++] = i;
            }
        }
        final int count = m;
        int colChunk = Math.max(MIN_COL_CHUNK, (p + 4 * ex.threads() - 1) / (4 * ex.threads()));
        // each out[j] is summed over the nonzero rows in row order whatever the column split
        ex.forEachChunk(p, colChunk, (c, s, e) -> {
            Arrays.fill(out, s, e, 0.0);
            int k = 0;
            for (; k + 3 < count; k += 4) {
                axpy4(nz[k], nz[k + 1], nz[k + 2], nz[k + 3], r, out, s, e);
            }
            for (; k < count; k++) {
                axpy1(nz[k], r[nz[k]], out, s, e);
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
            int i = s;
            for (; i + 3 < e; i += 4) {
                dot4(i, dw, ad);
                for (int k = i; k < i + 4; k++) {
                    ad[k] += db;
                    r[k] = deriv.at(k, z[k] + ad[k]);
                }
                if (r[i] != 0 || r[i + 1] != 0 || r[i + 2] != 0 || r[i + 3] != 0) {
                    axpy4(i, i + 1, i + 2, i + 3, r, buf, 0, p);
                }
            }
            for (; i < e; i++) {
                double v = rowDot(i, dw) + db;
                ad[i] = v;
                double ri = deriv.at(i, z[i] + v);
                r[i] = ri;
                if (ri != 0) {
                    axpy1(i, ri, buf, 0, p);
                }
            }
        });
        System.arraycopy(sum, 0, out, 0, p);
    }

    /**
     * {@code out = A^T r} in single-precision vector lanes, for the iterations of an iterative solver
     * (faster on a float design; a double design, or one of more than {@code 2^24} entries, uses
     * {@link #transposeMultiply}); rows with {@code r_i = 0} are skipped. Written as a
     * sum of rows, an elementwise loop the JIT vectorises (it does not vectorise the double reductions
     * of the exact kernels). The products are rounded to float ({@code r} included) and summed in
     * float in two levels of at most {@value #FLOAT_BLOCK} terms each, then in double: each entry is
     * within about {@code 1e-6 sum_i |r_i a_ij|} of the exact product. Results are deterministic and
     * do not depend on the thread count; callers that need exact values use {@link #transposeMultiply}.
     */
    public void fastTransposeMultiply(double[] r, double[] out) {
        if (!hasFastLanes()) {
            transposeMultiply(r, out);
            return;
        }
        double[] sum = ex.sumChunks(n, FAST_ROW_CHUNK, p, () -> new float[2][p], (c, s, e, buf, sc) -> {
            float[] f1 = sc[0], f2 = sc[1];
            Arrays.fill(f2, 0f);
            int i = s;
            while (i < e) {
                int end = Math.min(e, i + FLOAT_BLOCK);
                boolean any = false;
                for (; i + 3 < end; i += 4) {
                    if (r[i] != 0 || r[i + 1] != 0 || r[i + 2] != 0 || r[i + 3] != 0) {
                        if (!any) {
                            Arrays.fill(f1, 0f);
                            any = true;
                        }
                        axpy4f(fr[i], fr[i + 1], fr[i + 2], fr[i + 3], (float) r[i], (float) r[i + 1],
                                (float) r[i + 2], (float) r[i + 3], f1, 0, p);
                    }
                }
                for (; i < end; i++) {
                    if (r[i] != 0) {
                        if (!any) {
                            Arrays.fill(f1, 0f);
                            any = true;
                        }
                        axpy1f(fr[i], (float) r[i], f1, 0, p);
                    }
                }
                if (any) {
                    addf(f1, f2, 0, p);
                }
            }
            for (int j = 0; j < p; j++) {
                buf[j] += f2[j];
            }
        });
        System.arraycopy(sum, 0, out, 0, p);
    }

    /**
     * Gram-vector product over a subset of rows, in one pass: {@code t_k = <row rows[k], v> + vb}
     * for {@code k < count}, then {@code out = sum_k c t_k row rows[k]}; returns {@code sum_k c t_k}.
     * The rows are processed in fixed chunks of the index list whose partial sums are added in
     * chunk order (thread-count independent). {@code rows} must be increasing.
     */
    public double subsetGramStep(int[] rows, int count, double[] v, double vb, double c, double[] t, double[] out) {
        double[] sum = ex.sumChunks(count, ROW_CHUNK, p + 1, (ch, s, e, buf) -> {
            int k = s;
            double tb = 0;
            double[] r4 = new double[4];
            for (; k + 3 < e; k += 4) {
                int i0 = rows[k], i1 = rows[k + 1], i2 = rows[k + 2], i3 = rows[k + 3];
                dot4any(i0, i1, i2, i3, v, r4, 0);
                for (int u = 0; u < 4; u++) {
                    t[k + u] = r4[u] + vb;
                    r4[u] = c * t[k + u];
                    tb += r4[u];
                }
                axpy4c(i0, i1, i2, i3, r4, buf, p);
            }
            for (; k < e; k++) {
                t[k] = rowDot(rows[k], v) + vb;
                double ck = c * t[k];
                tb += ck;
                axpy1(rows[k], ck, buf, 0, p);
            }
            buf[p] += tb;
        });
        System.arraycopy(sum, 0, out, 0, p);
        return sum[p];
    }

    /** {@code out[k] = <row rows[k], w> + b} for {@code k < count}, parallel over the list. */
    public void multiplyRows(int[] rows, int count, double[] w, double b, double[] out) {
        ex.forEachChunk(count, ROW_TASK, (c, s, e) -> {
            double[] r4 = new double[4];
            int k = s;
            for (; k + 3 < e; k += 4) {
                dot4any(rows[k], rows[k + 1], rows[k + 2], rows[k + 3], w, r4, 0);
                for (int u = 0; u < 4; u++) {
                    out[k + u] = r4[u] + b;
                }
            }
            for (; k < e; k++) {
                out[k] = rowDot(rows[k], w) + b;
            }
        });
    }

    /** {@code out[at..at+4) = rows i0..i3 times w} in one pass over w (any rows). */
    private void dot4any(int i0, int i1, int i2, int i3, double[] w, double[] out, int at) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
        int j = 0;
        if (fr != null) {
            float[] a0 = fr[i0], a1 = fr[i1], a2 = fr[i2], a3 = fr[i3];
            for (; j + 1 < p; j += 2) {
                double w0 = w[j], w1 = w[j + 1];
                s0 += a0[j] * w0;
                s1 += a1[j] * w0;
                s2 += a2[j] * w0;
                s3 += a3[j] * w0;
                t0 += a0[j + 1] * w1;
                t1 += a1[j + 1] * w1;
                t2 += a2[j + 1] * w1;
                t3 += a3[j + 1] * w1;
            }
            if (j < p) {
                double w0 = w[j];
                s0 += a0[j] * w0;
                s1 += a1[j] * w0;
                s2 += a2[j] * w0;
                s3 += a3[j] * w0;
            }
        } else {
            double[] a0 = dr[i0], a1 = dr[i1], a2 = dr[i2], a3 = dr[i3];
            for (; j + 1 < p; j += 2) {
                double w0 = w[j], w1 = w[j + 1];
                s0 += a0[j] * w0;
                s1 += a1[j] * w0;
                s2 += a2[j] * w0;
                s3 += a3[j] * w0;
                t0 += a0[j + 1] * w1;
                t1 += a1[j + 1] * w1;
                t2 += a2[j + 1] * w1;
                t3 += a3[j + 1] * w1;
            }
            if (j < p) {
                double w0 = w[j];
                s0 += a0[j] * w0;
                s1 += a1[j] * w0;
                s2 += a2[j] * w0;
                s3 += a3[j] * w0;
            }
        }
        out[at] = s0 + t0;
        out[at + 1] = s1 + t1;
        out[at + 2] = s2 + t2;
        out[at + 3] = s3 + t3;
    }

    /** {@code out[0..len) += (c0 a0 + c1 a1) + (c2 a2 + c3 a3)} for rows i0..i3. */
    private void axpy4c(int i0, int i1, int i2, int i3, double[] c, double[] out, int len) {
        double r0 = c[0], r1 = c[1], r2 = c[2], r3 = c[3];
        if (fr != null) {
            float[] a0 = fr[i0], a1 = fr[i1], a2 = fr[i2], a3 = fr[i3];
            for (int j = 0; j < len; j++) {
                out[j] += (r0 * a0[j] + r1 * a1[j]) + (r2 * a2[j] + r3 * a3[j]);
            }
        } else {
            double[] a0 = dr[i0], a1 = dr[i1], a2 = dr[i2], a3 = dr[i3];
            for (int j = 0; j < len; j++) {
                out[j] += (r0 * a0[j] + r1 * a1[j]) + (r2 * a2[j] + r3 * a3[j]);
            }
        }
    }

    /** {@code b[s..e) += a[s..e)} in float. */
    private static void addf(float[] a, float[] b, int s, int e) {
        for (int j = s; j < e; j++) {
            b[j] += a[j];
        }
    }

    /**
     * @return whether {@link #fastTransposeMultiply} differs from the exact product (a float design
     *         of at most {@code 2^24} entries)
     */
    public boolean hasFastLanes() {
        return fr != null && (long) n * p <= FAST_LANES_MAX_ENTRIES;
    }

    /** {@code o[s..e) += (r0 a0 + r1 a1) + (r2 a2 + r3 a3)} in float (an elementwise loop: vectorised). */
    private static void axpy4f(float[] a0, float[] a1, float[] a2, float[] a3, float r0, float r1, float r2,
            float r3, float[] o, int s, int e) {
        for (int j = s; j < e; j++) {
            o[j] += (r0 * a0[j] + r1 * a1[j]) + (r2 * a2[j] + r3 * a3[j]);
        }
    }

    /** {@code o[s..e) += c a[s..e)} in float. */
    private static void axpy1f(float[] a, float c, float[] o, int s, int e) {
        for (int j = s; j < e; j++) {
            o[j] += c * a[j];
        }
    }

    /** @return squared row norms */
    public double[] rowNormsSquared() {
        double[] out = new double[n];
        ex.forEachChunk(n, ROW_TASK, (c, s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = rowRowDot(i, i);
            }
        });
        return out;
    }

    // ---- kernels (products accumulated in double) ----

    private static double dot(float[] a, double[] w, int p) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            s0 += a[j] * w[j];
            s1 += a[j + 1] * w[j + 1];
            s2 += a[j + 2] * w[j + 2];
            s3 += a[j + 3] * w[j + 3];
        }
        for (; j < p; j++) {
            s0 += a[j] * w[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double dot(double[] a, double[] w, int p) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < p; j += 4) {
            s0 += a[j] * w[j];
            s1 += a[j + 1] * w[j + 1];
            s2 += a[j + 2] * w[j + 2];
            s3 += a[j + 3] * w[j + 3];
        }
        for (; j < p; j++) {
            s0 += a[j] * w[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code out[i..i+4) = rows i..i+3 times w} in one pass over w. */
    private void dot4(int i, double[] w, double[] out) {
        dot4any(i, i + 1, i + 2, i + 3, w, out, i);
    }

    /** {@code out[s..e) += sum_k r[i_k] row i_k [s..e)} over four rows, added as {@code (r0 a0 + r1 a1) + (r2 a2 + r3 a3)}. */
    private void axpy4(int i0, int i1, int i2, int i3, double[] r, double[] out, int s, int e) {
        double r0 = r[i0], r1 = r[i1], r2 = r[i2], r3 = r[i3];
        if (fr != null) {
            float[] a0 = fr[i0], a1 = fr[i1], a2 = fr[i2], a3 = fr[i3];
            for (int j = s; j < e; j++) {
                out[j] += (r0 * a0[j] + r1 * a1[j]) + (r2 * a2[j] + r3 * a3[j]);
            }
        } else {
            double[] a0 = dr[i0], a1 = dr[i1], a2 = dr[i2], a3 = dr[i3];
            for (int j = s; j < e; j++) {
                out[j] += (r0 * a0[j] + r1 * a1[j]) + (r2 * a2[j] + r3 * a3[j]);
            }
        }
    }

    private void axpy1(int i, double c, double[] out, int s, int e) {
        if (fr != null) {
            float[] a = fr[i];
            for (int j = s; j < e; j++) {
                out[j] += c * a[j];
            }
        } else {
            double[] a = dr[i];
            for (int j = s; j < e; j++) {
                out[j] += c * a[j];
            }
        }
    }
}
