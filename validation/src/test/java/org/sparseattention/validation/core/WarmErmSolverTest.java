package org.sparseattention.validation.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.ProgressListener;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;
import org.sparseattention.theory.erm.ReadoutTheory;
import org.sparseattention.theory.erm.Regime;

/**
 * The searches (optimal ridge, sample complexity, grids) evaluate points through
 * {@link WarmErmSolver}: each point must be exactly the point of a plain curve (value, error bar
 * with its finite-N bias and quadrature terms, regime, status), whatever was solved before it.
 */
class WarmErmSolverTest {
    private static final TheoryOptions SMALL = new TheoryOptions(5, 3, 64, 16, 1e-10, 2);

    private static SparseTokenTheory theory(String loss) {
        return new ModelSettings(10, 1, 0.5, 5, loss, 0.01, 10, 0.5, 0.5, 0.5, 2).theory(SMALL);
    }

    private static ErmSolution plain(SparseTokenTheory th, Model m, double alpha, double lambda) {
        return new ReadoutTheory(m, th.law(m), th.loss(), lambda, th.options())
                .curve(new double[] {alpha}, ProgressListener.NONE).get(0);
    }

    private static void assertSame(ErmSolution want, ErmSolution got) {
        String where = "alpha1=" + want.alpha() + " lambda=" + want.lambda();
        assertEquals(want.status(), got.status(), where);
        assertEquals(want.regime(), got.regime(), where);
        assertEquals(want.testError(), got.testError(), 1e-7, where);
        assertEquals(want.testErrorErr(), got.testErrorErr(), 1e-7, where);
        assertEquals(want.trainLoss(), got.trainLoss(), 1e-7, where);
        assertEquals(want.trainLossErr(), got.trainLossErr(), 1e-7, where);
        assertEquals(want.trainErrorErr(), got.trainErrorErr(), 1e-7, where);
    }

    @Test
    void attentionSearchPointsEqualCurvePointsIncludingTheBiasTerm() {
        SparseTokenTheory th = theory("logistic");
        WarmErmSolver warm = new WarmErmSolver(th, Model.ATTENTION);
        // points a ridge search and a sample-complexity scan would visit before the reported one
        warm.solve(1, 1);
        warm.solve(4, 0.1);
        warm.solve(2, 1e-3);
        ErmSolution got = warm.solve(2, 0.01);
        ErmSolution want = plain(th, Model.ATTENTION, 2, 0.01);
        assertSame(want, got);
        assertEquals(Regime.RIDGE, got.regime());
        assertEquals(PointStatus.OK, got.status());
        assertTrue(got.testErrorErr() > 0, "no error bar");
        // a second, different path to the same point gives the same answer
        WarmErmSolver other = new WarmErmSolver(th, Model.ATTENTION);
        other.solve(8, 1e-4);
        assertSame(want, other.solve(2, 0.01));
    }

    @Test
    void lambdaZeroRegimesAreTheCurveRegimesFromAnyStart() {
        SparseTokenTheory th = theory("logistic");
        WarmErmSolver warm = new WarmErmSolver(th, Model.ATTENTION);
        double below = 1;
        double above = 60;
        ErmSolution wantBelow = plain(th, Model.ATTENTION, below, 0);
        ErmSolution wantAbove = plain(th, Model.ATTENTION, above, 0);
        assertEquals(Regime.MAX_MARGIN, wantBelow.regime());
        assertEquals(Regime.UNREGULARISED, wantAbove.regime());
        warm.solve(0.5, 0);
        assertSame(wantBelow, warm.solve(below, 0));
        warm.solve(40, 0);
        assertSame(wantAbove, warm.solve(above, 0));

        SparseTokenTheory sq = theory("square");
        WarmErmSolver pooled = new WarmErmSolver(sq, Model.POOLED);
        pooled.solve(0.3, 0);
        ErmSolution interp = pooled.solve(0.5, 0);
        assertEquals(Regime.INTERPOLATING, interp.regime());
        assertSame(plain(sq, Model.POOLED, 0.5, 0), interp);
    }

    @Test
    void aGridCellStartedFromItsNeighbourEqualsTheColdCell() {
        // neighbouring cells of a theta x L heat map: the second starts from the first one's solution
        SparseTokenTheory a = new ModelSettings(20, 1, 0.5, 3, "logistic", 0.01, 10, 0.5, 0.5, 0.5, 2).theory(SMALL);
        SparseTokenTheory b = new ModelSettings(21, 1, 0.5, 3.24, "logistic", 0.01, 10, 0.5, 0.5, 0.5, 2)
                .theory(SMALL);
        WarmErmSolver first = new WarmErmSolver(a, Model.ATTENTION);
        first.solve(2, 0.01);
        ErmSolution got = new WarmErmSolver(b, Model.ATTENTION).solve(2, 0.01, first);
        assertSame(plain(b, Model.ATTENTION, 2, 0.01), got);
        assertEquals(PointStatus.OK, got.status());
        assertThrowsForOtherModel(first, b);
    }

    private static void assertThrowsForOtherModel(WarmErmSolver neighbour, SparseTokenTheory th) {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new WarmErmSolver(th, Model.POOLED).solve(2, 0.01, neighbour));
    }
}
