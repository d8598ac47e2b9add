package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.util.ChunkedExecutor;

/**
 * The hinge ERM solution is checked against the optimality conditions, rebuilt here from the
 * returned {@code (w, b)} alone: samples inside the margin get {@code alpha = 1}, samples outside
 * {@code alpha = 0}, and multipliers {@code alpha_F} of the samples on the margin must exist in
 * {@code [0, 1]} with {@code lambda w = sum_i alpha_i y_i a_i} and {@code sum_i alpha_i y_i = 0}
 * (found by least squares, Hipparchus QR). For a convex problem these conditions are sufficient,
 * so a wrong solution fails. Both solver paths are covered: more features than samples (dual
 * active set with conjugate gradients) and more samples than features (smoothed Newton and
 * Cholesky polish).
 */
class HingeKktCertificateTest {

    private static double[] data(SplittableRandom r, int n, int p, double[] y, double signal, double noise) {
        double[] a = new double[n * p];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean() ? 1 : -1;
            for (int j = 0; j < p; j++) {
                a[i * p + j] = (r.nextGaussian() + (j == 0 ? signal * y[i] : 0) + (j == 1 ? 0.3 : 0)) / Math.sqrt(p);
            }
            if (r.nextDouble() < noise) {
                y[i] = -y[i];
            }
        }
        return a;
    }

    /** Asserts the KKT conditions of {@code min sum hinge + (lambda/2)||w||^2} at the returned point. */
    private static void assertKkt(double[] a, double[] y, int n, int p, double lambda, ErmResult r) {
        double[] w = r.w();
        List<Integer> free = new ArrayList<>();
        double[] target = new double[p + 1];
        for (int j = 0; j < p; j++) {
            target[j] = lambda * w[j];
        }
        double hinge = 0;
        for (int i = 0; i < n; i++) {
            double z = r.b();
            for (int j = 0; j < p; j++) {
                z += a[i * p + j] * w[j];
            }
            double m = y[i] * z;
            hinge += Math.max(0, 1 - m);
            if (Math.abs(m - 1) <= 1e-7) {
                free.add(i);
            } else if (m < 1) {
                for (int j = 0; j < p; j++) {
                    target[j] -= y[i] * a[i * p + j];
                }
                target[p] -= y[i];
            }
        }
        double ww = 0;
        for (double v : w) {
            ww += v * v;
        }
        double objective = hinge + 0.5 * lambda * ww;
        assertEquals(objective, r.objective(), 1e-10 * Math.max(1, objective), "reported objective");
        int k = free.size();
        assertTrue(k > 0, "some samples on the margin");
        Array2DRowRealMatrix M = new Array2DRowRealMatrix(p + 1, k);
        for (int c = 0; c < k; c++) {
            int i = free.get(c);
            for (int j = 0; j < p; j++) {
                M.setEntry(j, c, y[i] * a[i * p + j]);
            }
            M.setEntry(p, c, y[i]);
        }
        RealVector t = new ArrayRealVector(target);
        RealVector alphaF = new QRDecomposition(M, 1e-14).getSolver().solve(t);
        double res = M.operate(alphaF).subtract(t).getNorm();
        assertTrue(res <= 1e-7 * Math.max(1, t.getNorm()), "stationarity residual " + res + " (k=" + k + ")");
        for (int c = 0; c < k; c++) {
            double al = alphaF.getEntry(c);
            assertTrue(al >= -1e-6 && al <= 1 + 1e-6, "multiplier of a margin sample outside [0, 1]: " + al);
        }
    }

    @Test
    void moreFeaturesThanSamplesUsesTheDualActiveSetAndIsOptimal() {
        SplittableRandom r = new SplittableRandom(21);
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            for (double lambda : new double[] {0.05, 2e-3}) {
                int n = 70, p = 110;
                double[] y = new double[n];
                double[] a = data(r, n, p, y, 1.0, 0.1);
                ErmResult h = HingeDualCd.solve(new FeatureMatrix(n, p, a, ex), y, lambda);
                assertTrue(h.method().startsWith("dual active-set"), h.method());
                assertKkt(a, y, n, p, lambda, h);
            }
        }
    }

    @Test
    void moreSamplesThanFeaturesIsOptimal() {
        SplittableRandom r = new SplittableRandom(22);
        for (double lambda : new double[] {0.05, 1e-3}) {
            int n = 400, p = 30;
            double[] y = new double[n];
            double[] a = data(r, n, p, y, 1.5, 0.15);
            ErmResult h = HingeDualCd.solve(new FeatureMatrix(n, p, a, null), y, lambda);
            assertKkt(a, y, n, p, lambda, h);
        }
    }

    /** The two paths solve the same problem: they agree where both apply. */
    @Test
    void dualActiveSetAgreesWithTheSmoothedNewtonPath() {
        SplittableRandom r = new SplittableRandom(23);
        int n = 60, p = 60;
        double[] y = new double[n];
        double[] a = data(r, n, p, y, 1.0, 0.1);
        FeatureMatrix A = new FeatureMatrix(n, p, a, null);
        ErmResult dual = HingeDualCd.solve(A, y, 0.01);
        assertTrue(dual.method().startsWith("dual active-set"), dual.method());
        ErmResult smoothed = HingeDualCd.solveSmoothed(A, y, 0.01);
        assertTrue(smoothed.method().startsWith("smoothed-hinge Newton"), smoothed.method());
        assertEquals(smoothed.objective(), dual.objective(), 1e-9 * Math.max(1, dual.objective()));
    }
}
