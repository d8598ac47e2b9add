package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.util.ChunkedExecutor;

/**
 * The two-phase L-BFGS (single-precision fast phase, then exact) against the exact-only solver on
 * the same float design: both reach the exact gradient tolerance, and by the lambda-strong
 * convexity of the regularised logistic objective their weights differ by at most
 * {@code 2 tol / lambda} and their objectives by at most {@code tol^2 / lambda}.
 */
class MarginLbfgsFastPhaseTest {

    private static final MarginLbfgs.MarginLoss LOGISTIC = LogisticErm.LOSS;

    @Test
    void fastPhaseReachesTheExactSolution() {
        int n = 1203, p = 301;
        SplittableRandom rnd = new SplittableRandom(8);
        double[] teacher = new double[p];
        for (int j = 0; j < p; j++) {
            teacher[j] = rnd.nextGaussian();
        }
        double[] y = new double[n];
        double[] row = new double[p];
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            FeatureMatrix.Builder b = FeatureMatrix.builder(n, p, FeatureMatrix.Precision.FLOAT);
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    row[j] = rnd.nextGaussian();
                    s += row[j] * teacher[j];
                }
                y[i] = s / Math.sqrt(p) + 0.5 * rnd.nextGaussian() > 0 ? 1 : -1;
                b.setRow(i, row, 0, 1 / Math.sqrt(p));
            }
            FeatureMatrix A = b.build(ex);
            double lambda = 0.05;
            // a loose tolerance and one near the rounding floor of the exact products
            for (double tol : new double[] {1e-3, 1e-6}) {
                MarginLbfgs.Result fast = MarginLbfgs.minimize(A, y, LOGISTIC, lambda, tol, Double.NEGATIVE_INFINITY,
                        20000, null, 0.0, null, true);
                MarginLbfgs.Result exact = MarginLbfgs.minimize(A, y, LOGISTIC, lambda, tol, Double.NEGATIVE_INFINITY,
                        20000, null, 0.0, null, false);
                assertTrue(fast.converged(), fast.message());
                assertTrue(exact.converged(), exact.message());
                assertTrue(fast.gradNorm() <= tol, "fast-phase run: exact gradient " + fast.gradNorm());
                assertTrue(exact.gradNorm() <= tol, "exact run: gradient " + exact.gradNorm());
                double dw = (fast.b() - exact.b()) * (fast.b() - exact.b());
                for (int j = 0; j < p; j++) {
                    dw += (fast.w()[j] - exact.w()[j]) * (fast.w()[j] - exact.w()[j]);
                }
                // the bias is unpenalised: bound on w alone, and the bias through the objective
                double dww = Math.sqrt(dw - (fast.b() - exact.b()) * (fast.b() - exact.b()));
                assertTrue(dww <= 2 * tol / lambda, "||w_fast - w_exact|| = " + dww + " > " + 2 * tol / lambda);
                assertEquals(exact.value(), fast.value(), tol * tol / lambda + 1e-12 * exact.value(), "objective");
                assertTrue(fast.iterations() < 3 * exact.iterations() + 20,
                        "fast-phase run needs " + fast.iterations() + " iterations vs " + exact.iterations());
            }
        }
    }
}
