package org.sparseattention.theory.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.numerics.Gaussian;

class OracleErrorsTest {

    @Test
    void pooledMatchesBruteForceThreshold() {
        SparseTokenParameters p = new SparseTokenParameters(9, 2, 0.3, 2);
        double s = 2.0 * 2 / 3;
        double best = 1;
        for (int i = 0; i <= 200000; i++) {
            double t = -5 + 10.0 * i / 200000;
            best = Math.min(best, 0.3 * Gaussian.cdf(t - s) + 0.7 * Gaussian.cdf(-t));
        }
        assertEquals(best, OracleErrors.pooled(p), 1e-9);
        assertEquals(0.3, OracleErrors.pooled(p.withTheta(0)), 0);
    }

    @ParameterizedTest
    @CsvSource({"4,1,0.5,2", "6,2,0.4,1.5", "10,1,0.5,5", "5,3,0.2,1"})
    void vectorizedEqualsPooled(int L, int R, double pi, double theta) {
        SparseTokenParameters p = new SparseTokenParameters(L, R, pi, theta);
        assertEquals(OracleErrors.pooled(p), OracleErrors.vectorized(p, 3), 1e-7);
    }

    @Test
    void attentionBeatsLinearAtLongSequences() {
        SparseTokenParameters p = new SparseTokenParameters(100, 1, 0.5, 5);
        TheoryOptions o = TheoryOptions.defaults(1).withPointsPerClass(2048);
        OracleResult att = OracleErrors.error(Model.ATTENTION, p, o);
        double lin = OracleErrors.pooled(p);
        assertEquals(lin, OracleErrors.error(Model.VECTORIZED, p, o).error(), 1e-7);
        assertEquals(Gaussian.cdf(-0.25), lin, 1e-12); // S = 5/10, t* = S/2
        assertTrue(att.error() + 4 * att.errorErr() < lin, att + " vs " + lin);
        assertTrue(att.error() < 0.1, "attention oracle error " + att.error());
        assertTrue(att.errorErr() < 0.01);
    }

    @Test
    void bestThresholdOnEmpiricalLaws() {
        double[] plus = {1, 2, 3, 4};
        double[] minus = {-1, 0, 1.5, 2.5};
        // threshold between 0 and 1: positives all right, negatives 1.5 and 2.5 wrong -> 0.5 * 0.5
        assertEquals(0.25, OracleErrors.bestThreshold(plus, minus, 0.5), 1e-15);
    }

    @Test
    void thetaNeededSeparatesSqrtLFromLogL() {
        TheoryOptions o = TheoryOptions.defaults(1).withPointsPerClass(1024).withRandomizations(2);
        double lin10 = OracleErrors.thetaNeeded(Model.POOLED, 10, 1, 0.5, 0.1, o).thetaNeeded();
        double lin40 = OracleErrors.thetaNeeded(Model.POOLED, 40, 1, 0.5, 0.1, o).thetaNeeded();
        // pooled: error 0.1 needs S = 2 Phi^-1(0.9), theta = S sqrt(L)
        assertEquals(2 * Gaussian.inverseCdf(0.9) * Math.sqrt(10), lin10, 1e-3);
        assertEquals(2, lin40 / lin10, 1e-3);
        double att10 = OracleErrors.thetaNeeded(Model.ATTENTION, 10, 1, 0.5, 0.1, o).thetaNeeded();
        double att40 = OracleErrors.thetaNeeded(Model.ATTENTION, 40, 1, 0.5, 0.1, o).thetaNeeded();
        assertTrue(att40 / att10 < 1.5, "attention theta needed grows slowly: " + att10 + " -> " + att40);
        assertTrue(att40 < lin40);
    }
}
