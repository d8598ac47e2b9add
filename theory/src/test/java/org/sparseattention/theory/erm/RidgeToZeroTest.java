package org.sparseattention.theory.erm;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.Gaussian;

/** The lambda = 0 limits of section 6 against closed forms and against lambda = 1e-8. */
class RidgeToZeroTest {

    private static ErmSolution solve(SparseTokenParameters p, String loss, double lambda, Model model, double alpha) {
        return new SparseTokenTheory(p, Losses.byName(loss), Fixtures.protocol(), lambda, Fixtures.options(1))
                .solve(model, alpha);
    }

    /**
     * Pure noise (theta = 0, pi = 1/2): the max-margin classifier has m = b = 0 and, with margin
     * kappa = 1/sqrt(rho Q), Gardner's relation psi(kappa) = gamma/alpha; kappa -> 0 at Cover's
     * alpha* = 2 gamma.
     */
    @ParameterizedTest
    @CsvSource({"pooled,0.5", "pooled,1", "pooled,1.9", "vectorized,5", "vectorized,15", "vectorized,19.5"})
    void maxMarginOnPureNoiseIsGardners(String model, double alpha) {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, 0.5, 0);
        Model m = Model.parse(model);
        double gamma = m == Model.POOLED ? 1 : 10;
        double rho = m == Model.POOLED ? 0.1 : 1;
        double lo = 0;
        double hi = 50;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (Gaussian.psi(mid) < gamma / alpha) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double kappa = 0.5 * (lo + hi);
        for (String loss : new String[] {"hinge", "logistic"}) {
            ErmSolution s = solve(p, loss, 0, m, alpha);
            assertEquals(Regime.MAX_MARGIN, s.regime(), loss);
            assertEquals(0.5, s.testError(), 1e-9, loss);
            assertEquals(0, s.trainLoss(), 0);
            if (loss.equals("hinge")) {
                assertEquals(1 / (kappa * kappa), rho * s.q(), 1e-6 / (kappa * kappa), loss);
                assertEquals(0, s.m()[0], 1e-7);
                assertEquals(0, s.bias(), 1e-7);
            } else {
                assertTrue(Double.isNaN(s.q()), "the logistic norm diverges");
            }
        }
    }

    /** Square loss below interpolation on pure noise: rho Q = E[r^2] a/(1 - a), a = alpha/gamma, exactly at lambda = 0. */
    @ParameterizedTest
    @CsvSource({"pooled,0.5,0.5", "pooled,0.3,0.8", "vectorized,0.3,5"})
    void minimumNormInterpolatorOnPureNoise(String model, double pi, double alpha) {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, pi, 0);
        Model m = Model.parse(model);
        double gamma = m == Model.POOLED ? 1 : 10;
        double rho = m == Model.POOLED ? 0.1 : 1;
        ErmSolution s = solve(p, "square", 0, m, alpha);
        double a = alpha / gamma;
        double er2 = 4 * pi * (1 - pi);
        assertEquals(Regime.INTERPOLATING, s.regime());
        assertEquals(er2 * a / (1 - a), rho * s.q(), 1e-7 * (1 + er2 * a / (1 - a)));
        assertEquals(2 * pi - 1, s.bias(), 1e-8);
        assertEquals(0, s.trainLoss(), 0);
    }

    /** lambda = 1e-8 solutions approach the lambda = 0 values on both sides of each threshold. */
    @ParameterizedTest
    @CsvSource({"square,pooled,0.5", "square,pooled,3", "square,vectorized,5", "square,vectorized,20",
        "hinge,pooled,0.5", "hinge,pooled,2", "hinge,pooled,6", "hinge,vectorized,10", "hinge,vectorized,60",
        "logistic,pooled,6", "logistic,vectorized,60"})
    void tinyRidgeApproachesTheLimit(String loss, String model, double alpha) {
        SparseTokenParameters p = Fixtures.params();
        Model m = Model.parse(model);
        ErmSolution zero = solve(p, loss, 0, m, alpha);
        ErmSolution tiny = solve(p, loss, 1e-8, m, alpha);
        assertEquals(PointStatus.OK, zero.status(), zero.note());
        assertEquals(PointStatus.OK, tiny.status(), tiny.note());
        assertEquals(Regime.RIDGE, tiny.regime());
        assertEquals(zero.testError(), tiny.testError(), 1e-5);
        assertEquals(zero.trainLoss(), tiny.trainLoss(), 1e-5);
        assertEquals(zero.trainError(), tiny.trainError(), 1e-5);
        assertEquals(zero.weightNormSquared(), tiny.weightNormSquared(), 1e-4 * zero.weightNormSquared());
    }

    /**
     * Logistic loss in the separable regime: the ridge path's test error approaches the max-margin
     * classifier's (the lambda = 0 value) as lambda falls, while its norm grows without bound.
     */
    @Test
    void logisticPathApproachesMaxMargin() {
        SparseTokenParameters p = Fixtures.params();
        double mm = solve(p, "logistic", 0, Model.POOLED, 2).testError();
        double hinge = solve(p, "hinge", 0, Model.POOLED, 2).testError();
        assertEquals(hinge, mm, 1e-12);
        double prevGap = Double.POSITIVE_INFINITY;
        double prevNorm = 0;
        for (double lambda : new double[] {1e-2, 1e-4, 1e-6, 1e-8}) {
            ErmSolution s = solve(p, "logistic", lambda, Model.POOLED, 2);
            assertEquals(PointStatus.OK, s.status(), s.note());
            double gap = Math.abs(s.testError() - mm);
            assertTrue(gap < prevGap, "lambda=" + lambda + ": gap " + gap + " after " + prevGap);
            assertTrue(s.weightNormSquared() > prevNorm);
            prevGap = gap;
            prevNorm = s.weightNormSquared();
        }
        assertTrue(prevGap < 2e-3, "gap at lambda=1e-8: " + prevGap);
    }
}
