package org.sparseattention.simulation.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.util.ChunkedExecutor;

/** Exact low-dimensional test draws against full d-dimensional draws. */
class TestErrorEstimatorTest {

    private static void compare(SimModel model, double[] q, double bias, int d) {
        SimulationConfig cfg = new SimulationConfig(5, 1, 0.4, 2.0, LossKind.LOGISTIC, 0.1, 2.0, 0.5, 0.5, 0.5, 1, d,
                1, 0, 0, 0.5);
        SplittableRandom r = new SplittableRandom(17);
        double[] xi = SparseTokenSampler.randomUnitVector(r, d);
        int p = model == SimModel.VECTORIZED ? 5 * d : d;
        double[] w = new double[p];
        for (int j = 0; j < p; j++) {
            // a readout with a sizeable signal component plus noise
            w[j] = 0.8 * r.nextGaussian() + (model == SimModel.VECTORIZED ? 3 * xi[j % d] * (1 + (j / d)) : 5 * xi[j]);
        }
        int n = 40000;
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            TestEstimate exact = TestErrorEstimator.exact(model, cfg, xi, q, w, bias, 5, n, ex);
            TestEstimate full = TestErrorEstimator.fullDimensional(model, cfg, xi, q, w, bias, 5, n, ex);
            double se = Math.sqrt(exact.stderr() * exact.stderr() + full.stderr() * full.stderr());
            assertTrue(exact.error() > 0.02 && exact.error() < 0.6, "non-trivial error " + exact.error());
            assertEquals(full.error(), exact.error(), 4 * se, model + " exact vs full draws");
        }
    }

    @Test
    void pooledExactDrawsMatchFullDraws() {
        compare(SimModel.POOLED, null, -0.3, 40);
    }

    @Test
    void attentionExactDrawsMatchFullDraws() {
        int d = 40;
        SplittableRandom r = new SplittableRandom(3);
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(17), d);
        double[] q = new double[d];
        for (int j = 0; j < d; j++) {
            q[j] = 0.6 * xi[j] + 0.15 * r.nextGaussian();
        }
        compare(SimModel.ATTENTION, q, 0.2, d);
    }

    @Test
    void vectorizedExactDrawsMatchFullDraws() {
        compare(SimModel.VECTORIZED, null, 0.1, 30);
    }

    @Test
    void gramSchmidtDropsDependentVectors() {
        double[] a = {1, 0, 0};
        double[] b = {2, 0, 0};
        double[] c = {1, 1, 0};
        var basis = TestErrorEstimator.orthonormalBasis(a, b, c, null);
        assertEquals(2, basis.size());
        assertEquals(0.0, basis.get(1)[0], 1e-15);
    }
}
