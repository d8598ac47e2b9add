package org.sparseattention.theory.oracle;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.numerics.Gaussian;

class OracleErrorsTest {

    /** {@code min_t} of {@code err}: a grid of step 0.01 on {@code [-10, 20]}, then step 1e-5 around its best point. */
    private static double gridMin(java.util.function.DoubleUnaryOperator err) {
        double best = 1;
        double at = 0;
        for (int i = 0; i <= 3000; i++) {
            double t = -10 + 0.01 * i;
            double v = err.applyAsDouble(t);
            if (v < best) {
                best = v;
                at = t;
            }
        }
        for (int i = -2000; i <= 2000; i++) {
            best = Math.min(best, err.applyAsDouble(at + 1e-5 * i));
        }
        return best;
    }

    @Test
    void pooledMatchesBruteForceThreshold() {
        SparseTokenParameters p = new SparseTokenParameters(9, 2, 0.3, 2);
        double s = 2.0 * 2 / 3;
        double best = gridMin(t -> 0.3 * Gaussian.cdf(t - s) + 0.7 * Gaussian.cdf(-t));
        assertEquals(best, OracleErrors.pooled(p), 1e-9);
        assertEquals(0.3, OracleErrors.pooled(p.withTheta(0)), 0);
    }

    @ParameterizedTest
    @CsvSource({"4,1,0.5,2", "6,2,0.5,1.5", "10,1,0.5,5", "8,3,0.5,1", "10,1,0.3,3", "100,1,0.5,8"})
    void vectorizedEqualsPooledWhereUniformIsOptimal(int L, int R, double pi, double theta) {
        SparseTokenParameters p = new SparseTokenParameters(L, R, pi, theta);
        assertEquals(OracleErrors.pooled(p), OracleErrors.vectorized(p), 1e-7);
    }

    @ParameterizedTest
    @CsvSource({"4,1,0.5,2", "6,2,0.4,1.5", "10,1,0.15,8", "5,3,0.2,1", "30,2,0.1,6", "1000,1,0.15,8", "200,3,0.5,4",
            "12,1,0.05,10", "20000,1,0.2,30"})
    void vectorizedNeverAbovePooled(int L, int R, double pi, double theta) {
        SparseTokenParameters p = new SparseTokenParameters(L, R, pi, theta);
        double vec = OracleErrors.vectorized(p);
        assertTrue(vec <= OracleErrors.pooled(p) + 1e-15, vec + " > " + OracleErrors.pooled(p));
        assertTrue(vec >= 0);
    }

    @Test
    void vectorizedBeatsUniformWeightsAtRarePositives() {
        // R = 1, pi = 0.15, theta = 8: equal weights on 6 of 100 positions (signal among them w.p. 6/100,
        // score N(8/sqrt(6), 1), else N(0, 1)) beat uniform weights; on 3 of 1000 positions likewise
        double six = gridMin(t -> 0.15 * (0.06 * Gaussian.cdf(t - 8 / Math.sqrt(6)) + 0.94 * Gaussian.cdf(t))
                + 0.85 * Gaussian.cdf(-t));
        assertEquals(0.14551, six, 1e-5);
        SparseTokenParameters p100 = new SparseTokenParameters(100, 1, 0.15, 8);
        assertEquals(0.14857, OracleErrors.pooled(p100), 1e-5);
        assertTrue(OracleErrors.vectorized(p100) <= six + 1e-9, "vectorized " + OracleErrors.vectorized(p100));
        double three = gridMin(t -> 0.15 * (0.003 * Gaussian.cdf(t - 8 / Math.sqrt(3)) + 0.997 * Gaussian.cdf(t))
                + 0.85 * Gaussian.cdf(-t));
        SparseTokenParameters p1000 = new SparseTokenParameters(1000, 1, 0.15, 8);
        assertEquals(0.15, OracleErrors.pooled(p1000), 1e-6);
        assertTrue(OracleErrors.vectorized(p1000) <= three + 1e-9, "vectorized " + OracleErrors.vectorized(p1000));
        assertTrue(three < 0.1497);
    }

    @Test
    void equalWeightsMatchSubsetEnumeration() {
        // R = 2 of L = 7, equal weights on k = 3 positions: enumerate the 21 signal subsets directly
        SparseTokenParameters p = new SparseTokenParameters(7, 2, 0.35, 2.5);
        int[][] subsets = OracleErrors.subsets(7, 2);
        assertEquals(21, subsets.length);
        double brute = gridMin(t -> {
            double pos = 0;
            for (int[] s : subsets) {
                int j = (s[0] < 3 ? 1 : 0) + (s[1] < 3 ? 1 : 0);
                pos += Gaussian.cdf(t - 2.5 * j / Math.sqrt(3));
            }
            return 0.35 * pos / 21 + 0.65 * Gaussian.cdf(-t);
        });
        assertEquals(brute, VectorizedOracle.equalWeights(p, 3), 1e-9);
    }

    @Test
    void vectorizedObjectiveGradientMatchesFiniteDifferences() {
        SparseTokenParameters p = new SparseTokenParameters(6, 2, 0.3, 2);
        int[][] subsets = OracleErrors.subsets(6, 2);
        double[] x = {0.3, -0.2, 0.9, 0.1, 0.5, 0.4, 0.7};
        double[] g = new double[7];
        VectorizedOracle.objective(x, subsets, p, g);
        double[] scratch = new double[7];
        for (int i = 0; i < 7; i++) {
            double[] a = x.clone();
            double[] b = x.clone();
            a[i] += 1e-6;
            b[i] -= 1e-6;
            double fd = (VectorizedOracle.objective(a, subsets, p, scratch)
                    - VectorizedOracle.objective(b, subsets, p, scratch)) / 2e-6;
            assertEquals(fd, g[i], 1e-7, "component " + i);
        }
    }

    @Test
    void smoothThresholdMatchesDirectSumAndGrid() {
        Random rnd = new Random(3);
        double[] sp = new double[50];
        double[] sm = new double[40];
        for (int i = 0; i < sp.length; i++) {
            sp[i] = 1.5 + rnd.nextGaussian();
        }
        for (int i = 0; i < sm.length; i++) {
            sm[i] = rnd.nextGaussian();
        }
        double h = 0.4;
        SmoothThreshold st = new SmoothThreshold(sp, sm, h, 0.4);
        java.util.function.DoubleUnaryOperator direct = t -> {
            double a = 0;
            for (double v : sp) {
                a += Gaussian.cdf((t - v) / h);
            }
            double b = 0;
            for (double v : sm) {
                b += Gaussian.cdf((v - t) / h);
            }
            return 0.4 * a / sp.length + 0.6 * b / sm.length;
        };
        for (double t = -3; t <= 5; t += 0.37) {
            assertEquals(direct.applyAsDouble(t), st.error(t), 1e-13);
        }
        SmoothThreshold.Fit fit = st.minimize();
        assertEquals(gridMin(direct), fit.error(), 1e-9);
        assertEquals(fit.error(), direct.applyAsDouble(fit.threshold()), 1e-13);
    }

    @ParameterizedTest
    @CsvSource({"10,0.5", "100,0.5", "10,0.3"})
    void attentionIsTheFloorWithoutSignal(int L, double pi) {
        SparseTokenParameters p = new SparseTokenParameters(L, 1, pi, 0);
        OracleResult r = OracleErrors.error(Model.ATTENTION, p, Fixtures.options(1).withPointsPerClass(256));
        assertEquals(Math.min(pi, 1 - pi), r.error(), 1e-12);
        assertEquals(0, r.errorErr(), 1e-12);
    }

    @Test
    void attentionAtStrongSignalIsSmallButNotZeroAndUnbiased() {
        // theta = 8, L = 10: the selected classifier's out-of-sample estimate agrees with a plain Monte Carlo
        // count of the same classifier's errors on 400,000 pseudo-random samples per class
        SparseTokenParameters p = new SparseTokenParameters(10, 1, 0.5, 8);
        AttentionOracle oracle = new AttentionOracle(p, 512, 11);
        AttentionOracle.Choice c = oracle.tailAccurateError(8);
        assertTrue(c.error() > 0 && c.error() < 1e-3, "attention oracle " + c);
        double tau = AttentionOracle.tau(c.tauIndex());
        Random rnd = new Random(5);
        int n = 400_000;
        long wrong = 0;
        double[] x = new double[10];
        for (int i = 0; i < n; i++) {
            for (int cls = 0; cls < 2; cls++) {
                for (int l = 0; l < 10; l++) {
                    x[l] = rnd.nextGaussian() + (cls == 0 && l == 0 ? 8 : 0);
                }
                double m = Double.NEGATIVE_INFINITY;
                for (double v : x) {
                    m = Math.max(m, v);
                }
                double a = 0;
                double b = 0;
                for (double v : x) {
                    double e = Math.exp(tau * (v - m));
                    a += v * e;
                    b += e;
                }
                double s = a / b;
                if (cls == 0 ? s < c.threshold() : s > c.threshold()) {
                    wrong++;
                }
            }
        }
        double mc = 0.5 * wrong / n;
        double mcErr = Math.sqrt(wrong) * 0.5 / n;
        assertTrue(wrong > 30, "too few events " + wrong);
        // the smoothed estimate on 512 points has its own relative spread of about 50% at this tail
        assertEquals(mc, c.error(), 4 * mcErr + 0.6 * mc, "oracle " + c + " vs Monte Carlo " + mc);
        OracleResult r = OracleErrors.error(Model.ATTENTION, p, Fixtures.options(1));
        assertTrue(r.error() > 0 && r.error() < 1e-3, r.toString());
    }

    @Test
    void attentionBeatsLinearAtLongSequences() {
        SparseTokenParameters p = new SparseTokenParameters(100, 1, 0.5, 5);
        TheoryOptions o = Fixtures.options(1).withPointsPerClass(1024);
        OracleResult att = OracleErrors.error(Model.ATTENTION, p, o);
        double lin = OracleErrors.pooled(p);
        assertEquals(lin, OracleErrors.error(Model.VECTORIZED, p, o).error(), 1e-7);
        assertEquals(Gaussian.cdf(-0.25), lin, 1e-12); // S = 5/10, t* = S/2
        assertTrue(att.error() + 4 * att.errorErr() < lin, att + " vs " + lin);
        assertTrue(att.error() < 0.1, "attention oracle error " + att.error());
        assertTrue(att.errorErr() < 0.01);
    }

    @Test
    void thetaNeededSeparatesSqrtLFromLogL() {
        TheoryOptions o = Fixtures.options(1).withPointsPerClass(1024).withRandomizations(2);
        double lin10 = OracleErrors.thetaNeeded(Model.POOLED, 10, 1, 0.5, 0.1, o).thetaNeeded();
        double lin40 = OracleErrors.thetaNeeded(Model.POOLED, 40, 1, 0.5, 0.1, o).thetaNeeded();
        // pooled: error 0.1 needs S = 2 Phi^-1(0.9), theta = S sqrt(L)
        assertEquals(2 * Gaussian.inverseCdf(0.9) * Math.sqrt(10), lin10, 1e-3);
        assertEquals(2, lin40 / lin10, 1e-3);
        double att10 = OracleErrors.thetaNeeded(Model.ATTENTION, 10, 1, 0.5, 0.1, o).thetaNeeded();
        double att40 = OracleErrors.thetaNeeded(Model.ATTENTION, 40, 1, 0.5, 0.1, o).thetaNeeded();
        assertTrue(att40 / att10 < 1.5, "attention theta needed grows slowly: " + att10 + " -> " + att40);
        assertTrue(att40 < lin40);
        // at the solution the attention oracle error is the target
        double e = OracleErrors.error(Model.ATTENTION, new SparseTokenParameters(40, 1, 0.5, att40), o).error();
        assertEquals(0.1, e, 0.01);
    }
}
