package org.sparseattention.simulation.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.FeatureMaps;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.ErmResult;
import org.sparseattention.simulation.erm.ErmSolvers;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;
import org.sparseattention.simulation.util.Vec;

/** The step-4 design: rows are the features of regenerated samples; float storage barely moves the fit. */
class DesignBuilderTest {
    private static final SimulationConfig CFG = new SimulationConfig(5, 1, 0.5, 3.0, LossKind.LOGISTIC, 0.02, 4.0,
            0.5, 0.5, 0.5, 2.0, 150, 2.0, 50000, 0, 0.5);

    private static double[] query(double[] xi) {
        double[] q = new double[xi.length];
        SplittableRandom r = new SplittableRandom(4);
        for (int j = 0; j < q.length; j++) {
            q[j] = 0.4 * xi[j] + 0.05 * r.nextGaussian();
        }
        return q;
    }

    /** Row i is phi(X_i)/sqrt(d) of the sample drawn from stream (trialSeed, D1, i), for every model. */
    @Test
    void rowsAreFeaturesOfRegeneratedSamples() {
        int L = CFG.L(), d = CFG.d(), n = CFG.n1();
        long ts = 77;
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(1), d);
        SparseTokenSampler s = new SparseTokenSampler(L, CFG.R(), CFG.pi(), CFG.theta(), xi);
        double[] q = query(xi);
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            for (SimModel m : SimModel.values()) {
                double[] y = new double[n];
                FeatureMatrix A = DesignBuilder.build(m, CFG, n, Seeds.D1, s, q, ts, y,
                        FeatureMatrix.Precision.DOUBLE, ex);
                int p = m == SimModel.VECTORIZED ? L * d : d;
                assertEquals(p, A.cols());
                double[] x = new double[L * d], phi = new double[p], a = new double[L];
                for (int i = 0; i < n; i += 37) {
                    int yi = s.draw(Seeds.stream(ts, Seeds.D1, i), x, null);
                    assertEquals(yi, y[i], m + " label " + i);
                    if (m == SimModel.POOLED) {
                        FeatureMaps.pooled(x, L, d, 1 / Math.sqrt(d), phi, 0);
                    } else if (m == SimModel.ATTENTION) {
                        FeatureMaps.attention(x, L, d, q, CFG.beta(), 1 / Math.sqrt(d), a, phi, 0);
                    } else {
                        FeatureMaps.vectorized(x, L, d, 1 / Math.sqrt(d), phi, 0);
                    }
                    for (int j = 0; j < p; j++) {
                        assertEquals(phi[j], A.get(i, j), 1e-12, m + " entry " + i + "," + j);
                    }
                }
            }
        }
    }

    /**
     * Float storage rounds each feature by at most 2^-24 relative; the logistic fit and its test
     * error (same test draws) move by far less than the test error's standard error.
     */
    @Test
    void floatDesignChangesTheFitNegligibly() {
        int L = CFG.L(), d = CFG.d(), n = CFG.n1();
        long ts = 5;
        double[] xi = SparseTokenSampler.randomUnitVector(new SplittableRandom(2), d);
        SparseTokenSampler s = new SparseTokenSampler(L, CFG.R(), CFG.pi(), CFG.theta(), xi);
        double[] q = query(xi);
        try (ChunkedExecutor ex = new ChunkedExecutor(2)) {
            for (SimModel m : new SimModel[] {SimModel.POOLED, SimModel.ATTENTION}) {
                double[] y = new double[n];
                FeatureMatrix D = DesignBuilder.build(m, CFG, n, Seeds.D1, s, q, ts, y, FeatureMatrix.Precision.DOUBLE,
                        ex);
                FeatureMatrix F = DesignBuilder.build(m, CFG, n, Seeds.D1, s, q, ts, y, FeatureMatrix.Precision.FLOAT,
                        ex);
                for (int i = 0; i < n; i += 11) {
                    for (int j = 0; j < d; j += 7) {
                        assertEquals(D.get(i, j), F.get(i, j), 0x1p-24 * Math.abs(D.get(i, j)), "rounding");
                    }
                }
                ErmResult rd = ErmSolvers.solve(LossKind.LOGISTIC, D, y, CFG.lambda());
                ErmResult rf = ErmSolvers.solve(LossKind.LOGISTIC, F, y, CFG.lambda());
                double[] dw = rd.w().clone();
                Vec.axpy(-1, rf.w(), dw);
                double rel = Vec.norm(dw) / Vec.norm(rd.w());
                assertTrue(rel < 1e-4, m + ": float design moved w by " + rel);
                TestEstimate ed = TestErrorEstimator.exact(m, CFG, xi, q, rd.w(), rd.b(), ts, 50000, ex);
                TestEstimate ef = TestErrorEstimator.exact(m, CFG, xi, q, rf.w(), rf.b(), ts, 50000, ex);
                assertTrue(ed.error() > 0.001 && ed.error() < 0.5, m + " test error " + ed.error());
                assertEquals(ed.error(), ef.error(), 2e-4, m + " test error, float vs double design");
            }
        }
    }
}
