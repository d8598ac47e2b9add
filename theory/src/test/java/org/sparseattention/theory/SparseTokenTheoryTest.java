package org.sparseattention.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.erm.ErmFixedPoint;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;
import org.sparseattention.theory.erm.Regime;
import org.sparseattention.theory.erm.ProxAverages;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

class SparseTokenTheoryTest {

    private static SparseTokenTheory theory(String loss, double lambda, TheoryOptions o) {
        return new SparseTokenTheory(Fixtures.params(), Losses.byName(loss), Fixtures.protocol(),
                lambda, o);
    }

    private static ErmFixedPoint.Observables solveLaw(FeatureLaw law, int r, String loss, double alpha) {
        Loss l = Losses.byName(loss);
        ErmFixedPoint fp = new ErmFixedPoint(law.mixture(r), law.gamma(), l, ProxAverages.of(l, new GaussHermiteRule(Fixtures.options(1).hermiteNodes())),
                new NewtonRootSolver(1e-10, 200));
        return fp.observables(fp.solveCold(alpha, 0.01).state());
    }

    /** Attention with kappa = 0 (uniform weights) is the pooled model seen in a rotated basis. */
    @Test
    void attentionAtZeroKappaEqualsPooled() {
        SparseTokenParameters p = new SparseTokenParameters(6, 2, 0.4, 3);
        SparseTokenTheory t = new SparseTokenTheory(p, Losses.byName("logistic"), Fixtures.protocol(), 0.01,
                Fixtures.options(1));
        for (double alpha : new double[] {0.7, 3}) {
            ErmSolution pooled = t.solve(Model.POOLED, alpha);
            for (double s : new double[] {1, 0.6, -0.3}) {
                ErmFixedPoint.Observables att = solveLaw(new AttentionLaw(p, 0, s, 64, 2, 1), 0, "logistic", alpha);
                assertEquals(pooled.testError(), att.testError(), 1e-8);
                assertEquals(pooled.trainLoss(), att.trainLoss(), 1e-8);
                assertEquals(pooled.trainError(), att.trainError(), 1e-8);
            }
            // the quasi-Monte Carlo law at a vanishing kappa agrees within its own error bar
            AttentionLaw qmc = new AttentionLaw(p, 1e-9, 0.6, 512, 8, 4);
            double[] e = new double[qmc.randomizations()];
            for (int r = 0; r < e.length; r++) {
                e[r] = solveLaw(qmc, r, "logistic", alpha).testError();
            }
            double mean = org.sparseattention.theory.numerics.SampleStatistics.mean(e);
            double err = org.sparseattention.theory.numerics.SampleStatistics.standardError(e);
            assertEquals(pooled.testError(), mean, 4 * err + 1e-6);
        }
    }

    /**
     * Quasi-Monte Carlo error bars shrink as points grow (1,024 points per class against 64 and 256: the
     * randomizations are independent, so each bar is itself an estimate from {@code K = 8} values and 64
     * against 256 is not always ordered) and each estimate lies within them.
     */
    @Test
    void qmcErrorBarsShrinkAndCoverTheEstimate() {
        double[] pts = {64, 256, 1024};
        double[] est = new double[pts.length];
        double[] err = new double[pts.length];
        for (int i = 0; i < pts.length; i++) {
            ErmSolution s = theory("square", 0.01, Fixtures.options(7).withPointsPerClass((int) pts[i]))
                    .solve(Model.ATTENTION, 2);
            est[i] = s.testError();
            err[i] = s.testErrorErr();
        }
        assertTrue(err[2] < err[0] && err[2] < err[1], java.util.Arrays.toString(err));
        assertTrue(err[2] < 0.7 * Math.max(err[0], err[1]), java.util.Arrays.toString(err));
        for (int i = 0; i < 2; i++) {
            assertEquals(est[2], est[i], 4 * Math.hypot(err[i], err[2]));
        }
    }

    @Test
    void agreesWithReferenceValues() throws Exception {
        int checked = 0;
        for (ReferenceValues.Row row : ReferenceValues.rows()) {
            if (row.section() == 4) {
                continue; // alignment rows: AlignmentTheoryTest
            }
            Model model = Model.parse(row.model());
            String loss = row.loss().isEmpty() ? "logistic" : row.loss();
            SparseTokenTheory t = theory(loss, 0.01, Fixtures.options(1).withPointsPerClass(1024));
            double mine;
            double myErr;
            if (row.quantity().equals("alpha_star")) {
                var c = t.capacity(model);
                mine = c.alphaStar();
                myErr = c.alphaStarErr();
            } else {
                ErmSolution s = t.solve(model, row.alpha1());
                mine = row.quantity().equals("test_error") ? s.testError() : s.trainLoss();
                myErr = row.quantity().equals("test_error") ? s.testErrorErr() : s.trainLossErr();
            }
            assertTrue(row.agrees(mine, myErr), row + " vs " + mine + " +- " + myErr);
            checked++;
        }
        assertEquals(19, checked);
    }

    /** At lambda = 0 every point is solved in its regime; none throws, the threshold itself is marked singular. */
    @Test
    void lambdaZeroPointsCarryTheirRegime() {
        SparseTokenTheory sq = theory("square", 0, Fixtures.options(1));
        ErmSolution interp = sq.solve(Model.POOLED, 0.5);
        assertEquals(Regime.INTERPOLATING, interp.regime());
        assertEquals(PointStatus.OK, interp.status());
        assertEquals(0, interp.trainLoss(), 1e-12);
        assertEquals(0, interp.trainError(), 1e-12);
        assertTrue(interp.testError() > 0 && interp.testError() < 0.5 && interp.weightNormSquared() > 0);
        assertTrue(Double.isNaN(interp.v()), "V diverges");
        ErmSolution ls = sq.solve(Model.POOLED, 3);
        assertEquals(Regime.UNREGULARISED, ls.regime());
        assertTrue(ls.residual() < 1e-8);
        ErmSolution at = sq.solve(Model.POOLED, 1);
        assertEquals(PointStatus.SINGULAR, at.status());
        assertTrue(Double.isNaN(at.testError()) && at.note().contains("gamma"), at.note());

        SparseTokenTheory lg = theory("logistic", 0, Fixtures.options(1));
        ErmSolution mm = lg.solve(Model.POOLED, 2);
        assertEquals(Regime.MAX_MARGIN, mm.regime());
        assertTrue(mm.testError() > 0 && mm.testError() < 0.5);
        assertTrue(Double.isNaN(mm.weightNormSquared()) && mm.note().contains("diverges"), mm.note());
        assertEquals(0, mm.trainLoss(), 0);
        // beyond the capacity (2.95) the unregularised logistic minimiser exists
        ErmSolution above = lg.solve(Model.POOLED, 6);
        assertEquals(Regime.UNREGULARISED, above.regime());
        assertTrue(above.residual() < 1e-8 && above.weightNormSquared() < 1e3);
        SparseTokenTheory hg = theory("hinge", 0, Fixtures.options(1));
        ErmSolution hm = hg.solve(Model.VECTORIZED, 5);
        assertEquals(Regime.MAX_MARGIN, hm.regime());
        assertTrue(Double.isFinite(hm.weightNormSquared()) && hm.weightNormSquared() > 0);
        // the logistic max-margin limit is the hinge one (the same direction)
        assertEquals(hg.solve(Model.POOLED, 2).testError(), mm.testError(), 1e-12);
    }

    /** Logistic regularisation path near the separable regime: the norm grows as lambda falls. */
    @Test
    void logisticNormGrowsAsLambdaFallsInTheSeparableRegime() {
        double prev = 0;
        for (double lambda : new double[] {1, 1e-1, 1e-2, 1e-3, 1e-4}) {
            ErmSolution s = theory("logistic", lambda, Fixtures.options(1)).solve(Model.POOLED, 1.5);
            assertTrue(s.weightNormSquared() > prev);
            prev = s.weightNormSquared();
        }
        assertTrue(prev > 50, "norm at lambda=1e-4: " + prev);
    }

    /** Attention converges from cold starts at the corners of the tested (alpha, lambda) box, all losses. */
    @Test
    void attentionConvergesAtTheCornersOfTheBox() {
        for (String loss : new String[] {"logistic", "square", "hinge"}) {
            for (double lambda : new double[] {1e-5, 10}) {
                SparseTokenTheory t = theory(loss, lambda, Fixtures.options(3).withPointsPerClass(128)
                        .withRandomizations(2));
                for (double alpha : new double[] {0.1, 20}) {
                    ErmSolution s = t.solve(Model.ATTENTION, alpha);
                    assertTrue(s.residual() < 1e-6 && s.testError() > 0 && s.testError() < 0.5,
                            loss + " lambda=" + lambda + " alpha=" + alpha + ": " + s);
                }
            }
        }
    }

    @Test
    void attentionCurveIsContinuousAndBeatsLinearModels() {
        SparseTokenTheory t = theory("logistic", 0.01, Fixtures.options(2).withPointsPerClass(256));
        List<ErmSolution> att = t.curve(Model.ATTENTION, new double[] {0.5, 1, 2, 4}, null);
        List<ErmSolution> pooled = t.curve(Model.POOLED, new double[] {0.5, 1, 2, 4}, null);
        for (int i = 0; i < 4; i++) {
            assertTrue(att.get(i).testError() < pooled.get(i).testError());
            assertTrue(att.get(i).residual() < 1e-7);
            assertTrue(att.get(i).testErrorErr() > 0 && att.get(i).testErrorErr() < 2e-3);
        }
    }
}
