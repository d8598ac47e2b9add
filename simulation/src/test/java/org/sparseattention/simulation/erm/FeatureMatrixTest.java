package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.util.ChunkedExecutor;

/** Products of {@link FeatureMatrix} in both storage precisions against plain loops. */
class FeatureMatrixTest {

    private static double[] random(SplittableRandom r, int len) {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    private static FeatureMatrix floatMatrix(int n, int p, double[] a, ChunkedExecutor ex) {
        FeatureMatrix.Builder b = FeatureMatrix.builder(n, p, FeatureMatrix.Precision.FLOAT);
        for (int i = 0; i < n; i++) {
            b.setRow(i, a, i * p, 1.0);
        }
        return b.build(ex);
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * (1 + Math.abs(expected[i])), what + " entry " + i);
        }
    }

    /** Every product equals the textbook loop over the stored entries (n, p not multiples of 4, zeros in r). */
    @Test
    void productsMatchPlainLoops() {
        int n = 37, p = 23;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] a = random(rnd, n * p);
        double[] w = random(rnd, p);
        double[] r = random(rnd, n);
        for (int i = 0; i < n; i += 3) {
            r[i] = 0;
        }
        double b = 0.7;
        for (FeatureMatrix.Precision prec : FeatureMatrix.Precision.values()) {
            FeatureMatrix A = prec == FeatureMatrix.Precision.FLOAT ? floatMatrix(n, p, a, null)
                    : new FeatureMatrix(n, p, a, null);
            assertEquals(prec, A.precision());
            double[] s = new double[n * p];
            for (int k = 0; k < s.length; k++) {
                s[k] = prec == FeatureMatrix.Precision.FLOAT ? (double) (float) a[k] : a[k];
                assertEquals(s[k], A.get(k / p, k % p));
            }
            double[] aw = new double[n], atr = new double[p], norms = new double[n];
            for (int i = 0; i < n; i++) {
                aw[i] = b;
                for (int j = 0; j < p; j++) {
                    aw[i] += s[i * p + j] * w[j];
                    atr[j] += r[i] * s[i * p + j];
                    norms[i] += s[i * p + j] * s[i * p + j];
                }
            }
            double[] out = new double[n];
            A.multiply(w, b, out);
            assertClose(aw, out, prec + " A w + b");
            double[] outT = new double[p];
            A.transposeMultiply(r, outT);
            assertClose(atr, outT, prec + " A^T r");
            assertClose(norms, A.rowNormsSquared(), prec + " row norms");
            assertEquals(norms[5], A.rowRowDot(5, 5), 1e-12 * norms[5]);
            double cross = 0;
            for (int j = 0; j < p; j++) {
                cross += s[2 * p + j] * s[9 * p + j];
            }
            assertEquals(cross, A.rowRowDot(2, 9), 1e-12 * (1 + Math.abs(cross)));
            double[] acc = w.clone();
            A.addRowTo(4, -1.5, acc);
            for (int j = 0; j < p; j++) {
                assertEquals(w[j] - 1.5 * s[4 * p + j], acc[j], 1e-14);
            }
            // fused step: ad = A dw + db, r_i = deriv(i, z_i + ad_i), out = A^T r
            double[] z = random(new SplittableRandom(9), n);
            double[] ad = new double[n], rr = new double[n], g = new double[p];
            A.fusedStep(w, b, z, (i, zi) -> i % 4 == 1 ? 0.0 : Math.tanh(zi) + i, ad, rr, g);
            assertClose(aw, ad, prec + " fused A dw + db");
            double[] gExp = new double[p];
            for (int i = 0; i < n; i++) {
                double ri = i % 4 == 1 ? 0.0 : Math.tanh(z[i] + aw[i]) + i;
                assertEquals(ri, rr[i], 1e-12 * (1 + Math.abs(ri)), "fused derivative " + i);
                for (int j = 0; j < p; j++) {
                    gExp[j] += ri * s[i * p + j];
                }
            }
            assertClose(gExp, g, prec + " fused A^T r");
        }
    }

    /** Outputs are bit-identical for 1 and 3 threads. */
    @Test
    void resultsDoNotDependOnThreadCount() {
        int n = 1001, p = 613;
        SplittableRandom rnd = new SplittableRandom(11);
        double[] a = random(rnd, n * p);
        double[] w = random(rnd, p);
        double[] r = random(rnd, n);
        double[] z = random(rnd, n);
        try (ChunkedExecutor three = new ChunkedExecutor(3)) {
            for (boolean single : new boolean[] {false, true}) {
                FeatureMatrix A1 = single ? new FeatureMatrix(n, p, a, ChunkedExecutor.serial())
                        : floatMatrix(n, p, a, ChunkedExecutor.serial());
                FeatureMatrix A3 = single ? new FeatureMatrix(n, p, a, three) : floatMatrix(n, p, a, three);
                double[] o1 = new double[n], o3 = new double[n];
                A1.multiply(w, 0.3, o1);
                A3.multiply(w, 0.3, o3);
                assertArrayEquals(o1, o3);
                double[] t1 = new double[p], t3 = new double[p];
                A1.transposeMultiply(r, t1);
                A3.transposeMultiply(r, t3);
                assertArrayEquals(t1, t3);
                double[] ad1 = new double[n], ad3 = new double[n], r1 = new double[n], r3 = new double[n];
                A1.fusedStep(w, 0.1, z, (i, zi) -> Math.sin(zi), ad1, r1, t1);
                A3.fusedStep(w, 0.1, z, (i, zi) -> Math.sin(zi), ad3, r3, t3);
                assertArrayEquals(ad1, ad3);
                assertArrayEquals(r1, r3);
                assertArrayEquals(t1, t3);
            }
        }
    }

    /**
     * The single-precision {@code A^T r} against plain double loops over the stored entries, on shapes
     * with every remainder (n, p not multiples of 4, 32 or the chunk size; tiny designs), zeros in r:
     * each entry within 2e-6 of the sum of the absolute terms (the documented bound is about 1e-6),
     * and not equal to a product with the last row left out. A double design gives the exact product.
     */
    @Test
    void fastTransposeMultiplyMatchesPlainLoops() {
        int[][] shapes = {{1, 1}, {3, 5}, {7, 33}, {37, 23}, {257, 65}, {300, 1}, {1, 300}, {1031, 97}, {513, 129}};
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] sh : shapes) {
            int n = sh[0], p = sh[1];
            double[] a = random(rnd, n * p);
            double[] r = random(rnd, n);
            for (int i = 0; i < n; i++) {
                if (i % 3 == 2) {
                    r[i] = 0;
                }
            }
            for (boolean single : new boolean[] {true, false}) {
                FeatureMatrix A = single ? floatMatrix(n, p, a, null) : new FeatureMatrix(n, p, a, null);
                assertEquals(single, A.hasFastLanes());
                String what = n + "x" + p + (single ? " float" : " double");
                double[] g = new double[p];
                A.fastTransposeMultiply(r, g);
                for (int j = 0; j < p; j++) {
                    double e = 0, abs = 0;
                    for (int i = 0; i < n; i++) {
                        e += r[i] * A.get(i, j);
                        abs += Math.abs(r[i] * A.get(i, j));
                    }
                    double tol = single ? 2e-6 * abs + 1e-15 : 1e-12 * (1 + abs);
                    assertEquals(e, g[j], tol, what + " A^T r, column " + j);
                    double dropped = Math.abs(r[n - 1] * A.get(n - 1, j));
                    if (dropped > 1e3 * tol) {
                        // a kernel that left out the last row would fail
                        assertTrue(Math.abs(g[j] - (e - r[n - 1] * A.get(n - 1, j))) > tol, what);
                    }
                }
                if (!single) {
                    double[] exact = new double[p];
                    A.transposeMultiply(r, exact);
                    assertArrayEquals(exact, g, what + " = transposeMultiply");
                }
            }
        }
    }

    /** The single-precision {@code A^T r} is bit-identical for 1 and 3 threads. */
    @Test
    void fastTransposeMultiplyDoesNotDependOnThreadCount() {
        int n = 1301, p = 613;
        SplittableRandom rnd = new SplittableRandom(12);
        double[] a = random(rnd, n * p);
        double[] r = random(rnd, n);
        for (int i = 0; i < n; i += 5) {
            r[i] = 0;
        }
        try (ChunkedExecutor three = new ChunkedExecutor(3)) {
            FeatureMatrix A1 = floatMatrix(n, p, a, ChunkedExecutor.serial());
            FeatureMatrix A3 = floatMatrix(n, p, a, three);
            double[] t1 = new double[p], t3 = new double[p];
            A1.fastTransposeMultiply(r, t1);
            A3.fastTransposeMultiply(r, t3);
            assertArrayEquals(t1, t3);
        }
    }
}
