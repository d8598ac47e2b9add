package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Regression test for a JIT crash: OpenJDK 17.0.15's C2 compiler aborted the JVM (SuperWord,
 * {@code TypeVect::xmeet}) while compiling {@link SquareErm#solve} in most runs. Thousands of
 * solves of random sizes force the method through C2 in this (flag-free) test JVM; a crash
 * kills the fork and fails the build. Each solve is also checked (stationarity in the bias:
 * the residuals sum to zero).
 */
class SquareErmJitTest {

    @Test
    void manySolvesCompileAndStayCorrect() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < 3000; k++) {
            int n = 30 + r.nextInt(120), p = 10 + r.nextInt(120);
            double[] a = new double[n * p];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextGaussian() / Math.sqrt(p);
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
            }
            double lambda = k % 3 == 0 && n < p ? 0.0 : (k % 2 == 0 ? 1e-2 : 1e-5);
            FeatureMatrix A = new FeatureMatrix(n, p, a, null);
            ErmResult res = SquareErm.solve(A, y, lambda);
            double[] z = new double[n];
            A.multiply(res.w(), res.b(), z);
            double sumRes = 0, obj = 0;
            for (int i = 0; i < n; i++) {
                sumRes += z[i] - y[i];
                obj += 0.5 * (z[i] - y[i]) * (z[i] - y[i]);
            }
            for (double w : res.w()) {
                obj += 0.5 * lambda * w * w;
            }
            assertEquals(0.0, sumRes, 1e-6 * n, "bias stationarity at solve " + k);
            assertEquals(obj, res.objective(), 1e-9 * Math.max(1, obj), "objective at solve " + k);
            assertTrue(res.objective() <= 0.5 * n, "objective below that of w = 0, b = 0");
        }
    }
}
