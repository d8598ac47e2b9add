package org.sparseattention.theory.erm;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.law.GaussianLaw;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/** Section 6 closed-form checks on the Gaussian laws. */
class ErmFixedPointTest {
    static final GaussHermiteRule RULE = new GaussHermiteRule(32);
    static final NewtonRootSolver SOLVER = new NewtonRootSolver(1e-10, 200);

    static ErmFixedPoint fixedPoint(FeatureLaw law, String loss) {
        Loss l = Losses.byName(loss);
        return new ErmFixedPoint(law.mixture(0), law.gamma(), l, ProxAverages.of(l, RULE), SOLVER);
    }

    /**
     * Square loss on pure noise ({@code theta = 0}): the bias absorbs E[y], the residual has variance
     * 4 pi (1 - pi), and as lambda -> 0, rho Q = E[r^2] a/(1-a) below interpolation (a = alpha/gamma < 1)
     * and E[r^2]/(a - 1) above.
     */
    @ParameterizedTest
    @CsvSource({"pooled,0.5,0.5", "pooled,0.5,2", "pooled,0.3,0.5", "pooled,0.3,3", "vectorized,0.3,2",
        "vectorized,0.5,30", "vectorized,0.3,5"})
    void squareLossOnPureNoise(String model, double pi, double alpha) {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, pi, 0);
        FeatureLaw law = model.equals("pooled") ? GaussianLaw.pooled(p) : GaussianLaw.vectorized(p);
        ErmFixedPoint fp = fixedPoint(law, "square");
        ErmFixedPoint.Point pt = fp.solveCold(alpha, 1e-7);
        double rho = law.mixture(0).rho(0);
        double er2 = 4 * pi * (1 - pi);
        double a = alpha / law.gamma();
        double expected = a < 1 ? er2 * a / (1 - a) : er2 / (a - 1);
        assertEquals(expected, rho * pt.state().q(), 1e-5 * (1 + expected));
        assertEquals(2 * pi - 1, pt.state().bias(), 1e-6);
        assertEquals(0, pt.state().m()[0], 1e-6);
    }

    /**
     * Square loss on pooled features reduces to ordinary least squares: m and b are the population
     * regression coefficients of y on omega, rho Q = E[r^2]/(alpha - 1), and the test error converges
     * to its alpha -> infinity limit like 1/alpha.
     */
    @Test
    void squareLossIsOrdinaryLeastSquares() {
        double pi = 0.4;
        int L = 8;
        SparseTokenParameters p = new SparseTokenParameters(L, 2, pi, 3);
        double mu = 3.0 * 2 / L;
        double var = mu * mu * pi * (1 - pi) + 1.0 / L;
        double cov = mu * 2 * pi * (1 - pi);
        double mStar = cov / var;
        double bStar = (2 * pi - 1) - mStar * mu * pi;
        double er2 = 4 * pi * (1 - pi) - cov * cov / var;
        ErmFixedPoint fp = fixedPoint(GaussianLaw.pooled(p), "square");
        for (double alpha : new double[] {2, 5, 20}) {
            ErmFixedPoint.Point pt = fp.solveCold(alpha, 0);
            assertEquals(mStar, pt.state().m()[0], 1e-8);
            assertEquals(bStar, pt.state().bias(), 1e-8);
            assertEquals(er2 / (alpha - 1), pt.state().q() / L, 1e-8);
        }
        // E_inf with the population coefficients and no bulk noise
        double sd = mStar / Math.sqrt(L);
        double eInf = pi * Gaussian.cdf(-(mStar * mu + bStar) / sd) + (1 - pi) * Gaussian.cdf(bStar / sd);
        double[] scaled = new double[3];
        double[] alphas = {100, 200, 400};
        ErmFixedPoint.Point last = fp.solveCold(alphas[0], 0);
        for (int i = 0; i < alphas.length; i++) {
            last = fp.solveFrom(alphas[i], 0, last.state(), last.jacobian()).orElseThrow();
            scaled[i] = alphas[i] * (fp.observables(last.state()).testError() - eInf);
        }
        assertTrue(scaled[0] > 0, "test error approaches its limit from above");
        assertEquals(scaled[2], scaled[1], 0.02 * scaled[2]);
        assertEquals(scaled[2], scaled[0], 0.04 * scaled[2]);
    }

    /** Every loss and model converges from a cold start over the tested (alpha, lambda) box. */
    @ParameterizedTest
    @CsvSource({"pooled,logistic", "pooled,square", "pooled,hinge", "vectorized,logistic", "vectorized,square",
        "vectorized,hinge"})
    void convergesFromColdStartsEverywhere(String model, String loss) {
        SparseTokenParameters p = Fixtures.params();
        FeatureLaw law = model.equals("pooled") ? GaussianLaw.pooled(p) : GaussianLaw.vectorized(p);
        ErmFixedPoint fp = fixedPoint(law, loss);
        for (double alpha : new double[] {0.1, 0.5, 1, 2, 5, 10, 20}) {
            for (double lambda : new double[] {1e-5, 1e-3, 0.1, 10}) {
                ErmFixedPoint.Point pt = fp.solveCold(alpha, lambda);
                assertTrue(pt.residual() <= 1e-8, "residual " + pt.residual());
                double e = fp.observables(pt.state()).testError();
                assertTrue(e > 0 && e < 0.5, model + " " + loss + " alpha=" + alpha + " lambda=" + lambda + ": " + e);
            }
        }
    }

    /** Stationarity read back: at the solution lambda m = alpha E[g omega] holds to the solver tolerance. */
    @Test
    void residualAtSolutionIsSmallAndLargeElsewhere() {
        ErmFixedPoint fp = fixedPoint(GaussianLaw.pooled(Fixtures.params()), "logistic");
        ErmFixedPoint.Point pt = fp.solveCold(2, 0.01);
        assertTrue(fp.residual(2, 0.01, pt.state()) < 1e-9);
        ErmFixedPoint.State off = new ErmFixedPoint.State(new double[] {pt.state().m()[0] * 1.1}, pt.state().bias(),
                pt.state().q(), pt.state().v());
        assertTrue(fp.residual(2, 0.01, off) > 1e-4);
    }

    /**
     * A Jacobian pass keeps the observables at its point ({@link ErmFixedPoint#observables} then needs no
     * pass of its own): they equal those of a fresh fixed point that computes them directly, for an attention
     * law whose atoms use both rules (narrow and wide cavity fields).
     */
    @Test
    void jacobianPassGivesTheObservables() {
        FeatureLaw law = new AttentionLaw(Fixtures.params(), 1.8, 0.95, 64, 1, 3);
        ErmFixedPoint fp = fixedPoint(law, "logistic");
        ErmFixedPoint.Point pt = fp.solveCold(2, 0.01);
        ErmFixedPoint.State s = new ErmFixedPoint.State(new double[] {0.9 * pt.state().m()[0], pt.state().m()[1]},
                pt.state().bias() + 0.1, 1.3 * pt.state().q(), 0.8 * pt.state().v());
        double[] x = s.pack();
        fp.residualsAndJacobian(2, 0.01, x, new double[x.length], new double[x.length][x.length]);
        ErmFixedPoint.Observables kept = fp.observables(2, 0.01, s);
        ErmFixedPoint.Observables direct = fixedPoint(law, "logistic").observables(2, 0.01, s);
        assertEquals(direct.testError(), kept.testError(), 1e-14);
        assertEquals(direct.trainLoss(), kept.trainLoss(), 1e-12 * direct.trainLoss());
        assertEquals(direct.trainError(), kept.trainError(), 1e-14);
        assertEquals(direct.objective(), kept.objective(), 1e-12 * direct.objective());
    }
}
