package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.util.ChunkedExecutor;

/**
 * The row-subset products used by the hinge solvers against plain loops, in both storage
 * precisions, and bit-identical for one and three threads.
 */
class FeatureMatrixSubsetTest {

    @Test
    void subsetProductsMatchPlainLoopsAndDoNotDependOnThreads() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 700, p = 37;
        double[] a = new double[n * p];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        int[] rows = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < 0.6) {
                rows[k++] = i;
            }
        }
        double[] v = new double[p];
        for (int j = 0; j < p; j++) {
            v[j] = r.nextGaussian();
        }
        double vb = 0.3, c = 1.7;
        for (FeatureMatrix.Precision prec : FeatureMatrix.Precision.values()) {
            double[][] outs = new double[2][];
            double[][] ts = new double[2][];
            double[] sums = new double[2];
            int idx = 0;
            for (int threads : new int[] {1, 3}) {
                try (ChunkedExecutor ex = new ChunkedExecutor(threads)) {
                    FeatureMatrix.Builder bld = FeatureMatrix.builder(n, p, prec);
                    for (int i = 0; i < n; i++) {
                        bld.setRow(i, a, i * p, 1.0);
                    }
                    FeatureMatrix A = bld.build(ex);
                    double[] t = new double[k];
                    double[] out = new double[p];
                    double s = A.subsetGramStep(rows, k, v, vb, c, t, out);
                    double[] t2 = new double[k];
                    A.multiplyRows(rows, k, v, vb, t2);
                    // plain loops on the stored entries
                    double[] expOut = new double[p];
                    double expS = 0;
                    for (int q = 0; q < k; q++) {
                        int i = rows[q];
                        double ti = vb;
                        for (int j = 0; j < p; j++) {
                            ti += A.get(i, j) * v[j];
                        }
                        assertEquals(ti, t[q], 1e-12 * (1 + Math.abs(ti)));
                        assertEquals(ti, t2[q], 1e-12 * (1 + Math.abs(ti)));
                        expS += c * ti;
                        for (int j = 0; j < p; j++) {
                            expOut[j] += c * ti * A.get(i, j);
                        }
                    }
                    assertEquals(expS, s, 1e-10 * (1 + Math.abs(expS)));
                    for (int j = 0; j < p; j++) {
                        assertEquals(expOut[j], out[j], 1e-10 * (1 + Math.abs(expOut[j])));
                    }
                    outs[idx] = out;
                    ts[idx] = t;
                    sums[idx] = s;
                    idx++;
                }
            }
            assertArrayEquals(outs[0], outs[1], 0.0, "thread-count independent product");
            assertArrayEquals(ts[0], ts[1], 0.0);
            assertEquals(sums[0], sums[1], 0.0);
        }
    }
}
