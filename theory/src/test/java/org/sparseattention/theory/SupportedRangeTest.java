package org.sparseattention.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.alignment.AlignmentTheory;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/** The parameter records refuse values beyond the supported ranges, and inside them kappa stays finite. */
class SupportedRangeTest {

    @Test
    void lengthAndSignalBeyondTheRangeAreRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseTokenParameters(100_000_000, 1, 0.5, 5));
        assertTrue(e.getMessage().contains("[2, 20000]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SparseTokenParameters(10, 1, 0.5, 1e300));
        assertTrue(e.getMessage().contains("[0, 1000]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SparseTokenParameters(10, 1, 0.5, Double.NaN));
        assertEquals(SparseTokenParameters.MAX_L, new SparseTokenParameters(SparseTokenParameters.MAX_L, 1, 0.5, 1000).L());
    }

    @Test
    void protocolBeyondTheRangeIsRefusedWithTheRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new QueryProtocol(1e308, 0.5, 0.5, 0.5, 2));
        assertTrue(e.getMessage().contains("(0, 1e6]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new QueryProtocol(10, 1e200, 0.5, 0.5, 2));
        assertTrue(e.getMessage().contains("[0, 1e6]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new QueryProtocol(10, 0.5, 0.5, 0.5, 1e-300));
        assertThrows(IllegalArgumentException.class, () -> new QueryProtocol(10, 0.5, 0.5, Double.NaN, 2));
    }

    @Test
    void kappaIsFiniteAtTheCornersOfTheRange() {
        AlignmentTheory theory = new AlignmentTheory(new GaussHermiteRule(24));
        for (String loss : new String[] {"square", "logistic", "hinge"}) {
            for (int L : new int[] {2, SparseTokenParameters.MAX_L}) {
                SparseTokenParameters p = new SparseTokenParameters(L, 1, 0.5, SparseTokenParameters.MAX_THETA);
                QueryProtocol q = new QueryProtocol(QueryProtocol.MAX_BETA, QueryProtocol.MAX_ETA, QueryProtocol.MAX_ETA,
                        QueryProtocol.MAX_ETA, QueryProtocol.MIN_ALPHA0);
                AlignmentResult r = theory.compute(p, Losses.byName(loss), q);
                assertTrue(Double.isFinite(r.kappa()) && Double.isFinite(r.kappa() * p.theta()), loss + " " + r);
                assertTrue(Math.abs(r.cosQXi()) <= 1, loss + " " + r);
            }
        }
    }
}
