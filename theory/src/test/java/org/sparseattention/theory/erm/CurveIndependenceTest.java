package org.sparseattention.theory.erm;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.GaussianLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.LogisticLoss;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * A point's value does not depend on the other entries of the alpha1 list (section 6): lists that
 * straddle alpha* (pooled 2.95, vectorized 29.5, attention about 20) and gamma give what each point gives alone.
 */
class CurveIndependenceTest {
    private static final double[] LIST = {0.5, 2, 4, 40, 0.05, 1e3};
    /** Attention (32 points per class here) stays within the range its small quasi-Monte Carlo law resolves. */
    private static final double[] ATTENTION_LIST = {0.5, 2, 4, 40};

    @ParameterizedTest
    @CsvSource({"square,0", "square,1e-5", "square,1e-2", "logistic,0", "logistic,1e-5", "logistic,1e-2", "hinge,0",
        "hinge,1e-5", "hinge,1e-2"})
    void listValuesEqualSinglePointValues(String loss, double lambda) {
        TheoryOptions o = Fixtures.options(1).withPointsPerClass(32).withRandomizations(2).withThreads(1);
        SparseTokenTheory t = new SparseTokenTheory(Fixtures.params(),
                org.sparseattention.theory.loss.Losses.byName(loss), Fixtures.protocol(), lambda, o);
        for (Model m : Model.values()) {
            double[] list = m == Model.ATTENTION ? ATTENTION_LIST : LIST;
            List<ErmSolution> curve = t.curve(m, list, null);
            for (int i = 0; i < list.length; i++) {
                ErmSolution inList = curve.get(i);
                ErmSolution alone = t.solve(m, list[i]);
                String what = m.label() + " " + loss + " lambda=" + lambda + " alpha1=" + list[i];
                assertEquals(alone.status(), inList.status(), what + ": " + inList.note() + " / " + alone.note());
                assertEquals(PointStatus.OK, inList.status(), what + ": " + inList.note());
                assertEquals(alone.regime(), inList.regime(), what);
                assertEquals(alone.testError(), inList.testError(), 1e-6, what);
                assertEquals(alone.trainLoss(), inList.trainLoss(), 1e-6, what);
                Loss l = t.loss();
                assertTrue(inList.trainLoss() <= l.constantRisk(0.5) + 1e-9, what + ": train loss " + inList.trainLoss());
                assertTrue(inList.testError() >= 0 && inList.testError() <= 0.5, what);
            }
        }
    }

    /**
     * The root a 24-node Gauss-Hermite rule produced for pooled, logistic, lambda = 1e-5, alpha1 = 4 when
     * warm-started from alpha1 = 2 (training loss 0.75 > log 2, residual 7e-11) is no root of the
     * equations: with the averages computed accurately its residual is large, and the checks reject it.
     */
    @Test
    void theOldSpuriousRootIsRejected() {
        Mixture mix = GaussianLaw.pooled(Fixtures.params()).mixture(0);
        Loss loss = new LogisticLoss();
        ErmFixedPoint fp = new ErmFixedPoint(mix, 1, loss, ProxAverages.of(loss, new GaussHermiteRule(24)),
                new NewtonRootSolver(1e-8, 200));
        ErmFixedPoint.State spurious = new ErmFixedPoint.State(new double[] {59.95712731214827}, -14.989281828040069,
                Math.exp(8.764511864021074), Math.exp(5.972854812564621));
        assertTrue(fp.residual(4, 1e-5, spurious) > 1e-2, "residual " + fp.residual(4, 1e-5, spurious));
        assertTrue(fp.check(4, 1e-5, spurious).isPresent());
        ErmFixedPoint.Point right = fp.solveCold(4, 1e-5);
        assertTrue(fp.check(4, 1e-5, right.state()).isEmpty());
        assertTrue(fp.observables(4, 1e-5, right.state()).trainLoss() < Math.log(2));
    }
}
