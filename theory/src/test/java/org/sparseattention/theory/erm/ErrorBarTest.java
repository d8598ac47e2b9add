package org.sparseattention.theory.erm;

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
 * The attention law's error bars cover the finite-point bias: at hard points the default
 * precision (512 points per class) lies within its bar (plus the reference's) of a 16x-precision
 * solve with independent randomizations.
 */
class ErrorBarTest {

    private static ErmSolution solve(SparseTokenParameters p, QueryProtocol q, double alpha, int points, long seed) {
        TheoryOptions o = new TheoryOptions(seed, 8, points, 24, 1e-8, 2);
        return new SparseTokenTheory(p, Losses.byName("logistic"), q, 0.01, o).solve(Model.ATTENTION, alpha);
    }

    private static void covers(ErmSolution def, ErmSolution ref) {
        String what = "default " + def.testError() + " +- " + def.testErrorErr() + " vs " + ref.testError() + " +- "
                + ref.testErrorErr();
        assertEquals(ref.testError(), def.testError(), def.testErrorErr() + ref.testErrorErr(), what);
        assertEquals(ref.trainError(), def.trainError(), def.trainErrorErr() + ref.trainErrorErr(), "train error");
        assertTrue(def.testErrorErr() > 0 && def.trainLossErr() > 0);
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
        ErmSolution def = solve(p, QueryProtocol.defaults(), 2, 512, 1);
        ErmSolution ref = solve(p, QueryProtocol.defaults(), 2, 8192, 2);
        covers(def, ref);
        assertEquals(ref.trainLoss(), def.trainLoss(), def.trainLossErr() + ref.trainLossErr(), "train loss");
    }

    /** The combination rule: quadrature of spread, bias and truncation. */
    @Test
    void errorBarCombinesSpreadBiasAndTruncation() {
        double[] full = {1, 1, 1, 1};
        assertEquals(0.05, ErmPointSolver.errorBar(full, 0.03, 1, 1.04), 1e-12);
        assertEquals(0, ErmPointSolver.errorBar(full, 0, 1, 1), 0);
        double[] spread = {1, 2, 3, 4};
        assertEquals(Math.sqrt(1.25 / 4 + 0.09 + 0.16), ErmPointSolver.errorBar(spread, 0.3, 1, 1.4), 1e-12);
    }
}
