package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.ReadoutTheory;

/**
 * The ridge search against a brute-force grid of independent (cold, continuation) solves, and the
 * sample complexity against the curve itself.
 */
class RidgeAndSampleComplexityTest {
    private static final TheoryOptions SMALL = new TheoryOptions(3, 2, 64, 16, 1e-9, 1);

    private static SparseTokenTheory theory() {
        return new ModelSettings(10, 1, 0.5, 5, "logistic", 0.01, 10, 0.5, 0.5, 0.5, 2).theory(SMALL);
    }

    private static double brute(SparseTokenTheory th, Model m, double alpha, double lambda) {
        return new ReadoutTheory(m, th.law(m), th.loss(), lambda, th.options())
                .curve(new double[] {alpha}, ProgressListener.NONE, () -> th.capacity(m).alphaStar()).get(0)
                .testError();
    }

    @Test
    void attentionOptimumBeatsEveryGridRidgeAndSitsAtTheGridMinimum() {
        SparseTokenTheory th = theory();
        double alpha = 2;
        RidgeOptimum.Result opt = RidgeOptimum.minimise(new WarmErmSolver(th, Model.ATTENTION), alpha, 0.01);
        // brute force: 25 ridges, 4 per decade, from 1e-3 to 1e3
        double best = Double.POSITIVE_INFINITY;
        double argBest = Double.NaN;
        for (int k = 0; k <= 24; k++) {
            double l = Math.pow(10, -3 + k / 4.0);
            double e = brute(th, Model.ATTENTION, alpha, l);
            if (e < best) {
                best = e;
                argBest = l;
            }
        }
        assertTrue(opt.solution().testError() <= best + 1e-9,
                "optimum " + opt.solution().testError() + " worse than grid " + best + " at " + argBest);
        // interior optimum within one grid spacing of the grid's best ridge
        assertTrue(Math.abs(Math.log10(opt.lambda() / argBest)) <= 0.25 + 1e-9,
                "lambda* " + opt.lambda() + " far from grid argmin " + argBest);
        // the reported point is the fixed point at lambda*: an independent solve there agrees
        assertEquals(brute(th, Model.ATTENTION, alpha, opt.lambda()), opt.solution().testError(), 1e-7);
        assertTrue(opt.note().isEmpty(), opt.note());
    }

    @Test
    void pooledOptimumIsTheLargeRidgeLimitAndNoWorseThanAnyGridRidge() {
        SparseTokenTheory th = theory();
        RidgeOptimum.Result opt = RidgeOptimum.minimise(new WarmErmSolver(th, Model.POOLED), 4, 0.01);
        for (double l : new double[] {1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100}) {
            assertTrue(opt.solution().testError() <= brute(th, Model.POOLED, 4, l) + 1e-9, "lambda=" + l);
        }
        assertEquals(RidgeOptimum.LAMBDA_MAX, opt.lambda(), 1e-6 * RidgeOptimum.LAMBDA_MAX);
        assertFalse(opt.note().isEmpty());
    }

    @Test
    void alpha1NeededHitsTheTargetOnTheCurveAndIsTheSmallest() {
        SparseTokenTheory th = theory();
        WarmErmSolver solver = new WarmErmSolver(th, Model.POOLED);
        double eps = 0.30;
        SampleComplexity.Result r = SampleComplexity.find(a -> solver.solve(a, 0.01), eps);
        assertTrue(r.reached());
        double a = r.alpha1Needed();
        assertEquals(eps, brute(th, Model.POOLED, a, 0.01), 1e-5);
        assertTrue(brute(th, Model.POOLED, a * 0.97, 0.01) > eps);
        assertTrue(brute(th, Model.POOLED, a * 1.03, 0.01) < eps);
    }

    @Test
    void unreachableTargetReportsTheLargeAlphaLimit() {
        SparseTokenTheory th = theory();
        WarmErmSolver solver = new WarmErmSolver(th, Model.POOLED);
        SampleComplexity.Result r = SampleComplexity.find(a -> solver.solve(a, 0.01), 0.1);
        assertFalse(r.reached());
        // the pooled model's error at alpha1 -> infinity: the limit is above the target and below
        // the error at alpha1 = 8
        assertTrue(r.limit() > 0.1 && r.limit() < brute(th, Model.POOLED, 8, 0.01), "limit " + r.limit());
        assertTrue(r.note().startsWith("unreachable"), r.note());
    }
}
