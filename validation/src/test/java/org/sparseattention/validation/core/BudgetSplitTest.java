package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.erm.ErmSolution;

/** The budget split against a known minimum and against a brute-force scan of the theory. */
class BudgetSplitTest {
    private static final TheoryOptions SMALL = new TheoryOptions(3, 2, 64, 16, 1e-9, 1);
    private static final ModelSettings BASE = new ModelSettings(10, 1, 0.5, 5, "logistic", 0.01, 10, 0.5, 0.5, 0.5, 2);

    private static ErmSolution fake(double alpha0, double error) {
        return new ErmSolution(Model.ATTENTION, "logistic", alpha0, 0.01, new double[] {0}, 0, 1, 1, error, 0, 0, 0, 0,
                0, 0, 0, org.sparseattention.theory.erm.Regime.RIDGE, org.sparseattention.theory.erm.PointStatus.OK, "");
    }

    @Test
    void findsTheMinimumOfASmoothFunctionOfLnAlpha0() {
        BudgetSplit.Result r = BudgetSplit.optimise(a0 -> fake(a0, 0.1 + Math.pow(Math.log(a0 / 0.7), 2)), 6);
        assertEquals(0.7, r.alpha0(), 0.7 * 0.02);
        assertTrue(r.solution().testError() <= 0.1 + 1e-3);
    }

    @Test
    void attentionSplitIsNoWorseThanABruteForceScan() {
        double budget = 4;
        BudgetSplit.Result r = BudgetSplit.optimise(
                a0 -> BASE.with(GridParameter.ALPHA0, a0).theory(SMALL).solve(Model.ATTENTION, budget - a0), budget);
        double best = Double.POSITIVE_INFINITY;
        double bestErr = 0;
        for (int k = 0; k <= 20; k++) {
            double a0 = 0.05 + (budget - 0.1) * k / 20.0;
            ErmSolution e = BASE.with(GridParameter.ALPHA0, a0).theory(SMALL).solve(Model.ATTENTION, budget - a0);
            if (e.testError() < best) {
                best = e.testError();
                bestErr = e.testErrorErr();
            }
        }
        // each alpha0 has its own sampled law, so the objective carries its quasi-Monte Carlo noise: the
        // optimum found is no worse than the scan's best within the two values' error bars
        double noise = Math.hypot(bestErr, r.solution().testErrorErr());
        assertTrue(r.solution().testError() <= best + noise, r.solution().testError() + " > " + best + " + " + noise);
        // the reported solution is attention's at alpha1 = A - alpha0_opt
        assertEquals(budget - r.alpha0(), r.solution().alpha(), 1e-12);
    }

    @Test
    void budgetBelowTheSmallestSplitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> BudgetSplit.optimise(a0 -> fake(a0, 0.1), 0.1));
    }
}
