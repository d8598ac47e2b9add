package org.sparseattention.theory.erm;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.loss.Losses;

/**
 * The attention law's error bars are honest one-standard-error bars that include the finite-point
 * bias: at hard points the default precision (512 points per class) lies within two combined
 * standard errors of a 16x-precision solve with independent randomizations, for the test error,
 * the training loss and the training error. (The per-randomization mean that was reported before
 * was 1.9 bars low at beta = 1, theta = 8, alpha1 = 50; the pooled solution removes that bias.)
 */
class ErrorBarTest {

    private static ErmSolution solve(SparseTokenParameters p, QueryProtocol q, double alpha, int points, long seed) {
        TheoryOptions o = new TheoryOptions(seed, 8, points, 24, 1e-8, 2);
        return new SparseTokenTheory(p, Losses.byName("logistic"), q, 0.01, o).solve(Model.ATTENTION, alpha);
    }

    /** {@code |def - ref| <= 2 sqrt(bar_def^2 + bar_ref^2)}: within two combined standard errors. */
    private static void within(String what, double def, double defErr, double ref, double refErr) {
        double bar = Math.hypot(defErr, refErr);
        assertTrue(Math.abs(def - ref) <= 2 * bar, what + ": default " + def + " +- " + defErr + " vs 16x " + ref
                + " +- " + refErr + " (" + Math.abs(def - ref) / bar + " combined bars)");
    }

    private static void covers(ErmSolution def, ErmSolution ref) {
        within("test error", def.testError(), def.testErrorErr(), ref.testError(), ref.testErrorErr());
        within("train loss", def.trainLoss(), def.trainLossErr(), ref.trainLoss(), ref.trainLossErr());
        within("train error", def.trainError(), def.trainErrorErr(), ref.trainError(), ref.trainErrorErr());
        assertTrue(def.testErrorErr() > 0 && def.trainLossErr() > 0);
        // the bars are not inflated: 16x the points shrinks them (RQMC converges faster than 1/sqrt(N))
        assertTrue(ref.testErrorErr() < def.testErrorErr() / 2, "16x bar " + ref.testErrorErr() + " vs "
                + def.testErrorErr());
    }

    /** Strong signal, soft attention (beta = 1, theta = 8, alpha1 = 50): the plain bars were 1.9 bars short. */
    @Test
    void strongSignalSoftAttention() {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, 0.5, 8);
        QueryProtocol q = new QueryProtocol(1, 0.5, 0.5, 0.5, 2);
        covers(solve(p, q, 50, 512, 1), solve(p, q, 50, 8192, 2));
    }

    /** Unbalanced classes. */
    @Test
    void unbalancedClasses() {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, 0.15, 5);
        ErmSolution def = solve(p, Fixtures.protocol(), 2, 512, 1);
        ErmSolution ref = solve(p, Fixtures.protocol(), 2, 8192, 2);
        covers(def, ref);
    }

    /** The combination rule: quadrature of spread, bias and truncation. */
    @Test
    void errorBarCombinesSpreadBiasAndTruncation() {
        double[] full = {1, 1, 1, 1};
        assertEquals(0.05, ErmPointSolver.errorBar(full, 0.03, 1, 1.04), 1e-12);
        assertEquals(0, ErmPointSolver.errorBar(full, 0, 1, 1), 0);
        double[] spread = {1, 2, 3, 4};
        assertEquals(Math.sqrt(5.0 / 12 + 0.09 + 0.16), ErmPointSolver.errorBar(spread, 0.3, 1, 1.4), 1e-12);
    }
}
