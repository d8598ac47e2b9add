package org.sparseattention.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.protocol.JointTrainer;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;
import org.sparseattention.simulation.util.Vec;

/** Reproducibility, validation and protocol-level checks of {@link Simulator}. */
class SimulatorTest {

    private static SimulationConfig small(LossKind loss, int d) {
        return new SimulationConfig(4, 1, 0.5, 3.0, loss, 0.05, 4.0, 0.5, 0.5, 0.5, 2.0, d, 2.0, 20000, 0, 0.5);
    }

    private static void assertSame(TrialResult a, TrialResult b) {
        assertEquals(a.testError(), b.testError());
        assertEquals(a.testErrorStderr(), b.testErrorStderr());
        assertEquals(a.trainLoss(), b.trainLoss());
        assertEquals(a.trainError(), b.trainError());
        assertEquals(a.cosQXi(), b.cosQXi());
        assertEquals(a.qNorm(), b.qNorm());
        assertEquals(a.cosWXi(), b.cosWXi());
        assertEquals(a.readoutOverlap(), b.readoutOverlap());
        assertEquals(a.ermGradNorm(), b.ermGradNorm());
        assertEquals(a.ermIterations(), b.ermIterations());
        assertEquals(a.trialSeed(), b.trialSeed());
        assertArrayEquals(a.jointTestError(), b.jointTestError());
        assertArrayEquals(a.jointCosQXi(), b.jointCosQXi());
    }

    @Test
    void oneAndTwoThreadsGiveIdenticalResults() {
        try (Simulator s1 = new Simulator(1); Simulator s2 = new Simulator(2)) {
            for (LossKind loss : LossKind.values()) {
                for (SimModel m : SimModel.values()) {
                    SimulationConfig cfg = small(loss, 40);
                    if (m == SimModel.ATTENTION && loss == LossKind.LOGISTIC) {
                        cfg = cfg.withJoint(2, 0.5);
                    }
                    TrialResult a = s1.runTrial(m, cfg, 3, 11L);
                    TrialResult b = s2.runTrial(m, cfg, 3, 11L);
                    assertSame(a, b);
                    assertTrue(a.testError() > 0 && a.testError() < 0.5, m + " " + loss + " error " + a.testError());
                }
            }
            // run(): trial-parallel path equals individual trials
            SimulationConfig cfg = small(LossKind.LOGISTIC, 30);
            List<TrialResult> r2 = s2.run(SimModel.ATTENTION, cfg, 3, 5L, null);
            int[] calls = new int[1];
            List<TrialResult> r1 = s1.run(SimModel.ATTENTION, cfg, 3, 5L, (done, total) -> calls[0]++);
            assertEquals(3, calls[0]);
            for (int t = 0; t < 3; t++) {
                assertSame(r1.get(t), r2.get(t));
                assertSame(r1.get(t), s2.runTrial(SimModel.ATTENTION, cfg, t, 5L));
                assertEquals(t, r1.get(t).trial());
            }
        }
    }

    @Test
    void linearModelsReportNaNForQueryQuantities() {
        try (Simulator s = new Simulator(2)) {
            TrialResult r = s.runTrial(SimModel.POOLED, small(LossKind.SQUARE, 30), 0, 1L);
            assertTrue(Double.isNaN(r.cosQXi()) && Double.isNaN(r.qNorm()) && Double.isNaN(r.cosWXi()));
            assertEquals(0, r.jointTestError().length);
            assertEquals(Math.sqrt(r.testError() * (1 - r.testError()) / 20000), r.testErrorStderr(), 1e-15);
        }
    }

    @Test
    void fixedQueryHasRequestedNormAndCosine() {
        try (Simulator s = new Simulator(2)) {
            SimulationConfig cfg = small(LossKind.LOGISTIC, 50);
            TrialResult r = s.runTrialWithQuery(cfg, 2.0, 0.6, 0, 3L);
            assertEquals(0.6, r.cosQXi(), 1e-12);
            assertEquals(2.0 / cfg.beta(), r.qNorm(), 1e-12);
            assertTrue(Double.isNaN(r.cosWXi()));
            assertThrows(IllegalArgumentException.class, () -> s.runTrialWithQuery(cfg, 1.0, 1.5, 0, 3L));
            assertThrows(IllegalArgumentException.class, () -> s.runTrialWithQuery(cfg, -1.0, 0.5, 0, 3L));
        }
    }

    @Test
    void queryAlignsWithSignalAtLargeAlpha0() {
        // docs/theory.md section 4: s_q ~ +0.95 at the defaults (pi = 0.5, alpha0 = 2); at finite d noisy
        SimulationConfig cfg = new SimulationConfig(10, 1, 0.5, 5.0, LossKind.LOGISTIC, 0.01, 10, 0.5, 0.5, 0.5, 2.0,
                300, 1.0, 20000, 0, 0.5);
        try (Simulator s = new Simulator(2)) {
            TrialResult r = s.runTrial(SimModel.ATTENTION, cfg, 0, 1L);
            assertTrue(r.cosQXi() > 0.8, "cos(q2, xi) = " + r.cosQXi());
            assertTrue(r.cosWXi() > 0.5, "cos(w1, xi) = " + r.cosWXi());
        }
    }

    @Test
    void vectorizedRefusesHugeDesigns() {
        SimulationConfig cfg = small(LossKind.LOGISTIC, 20000).withAlpha1(8.0);
        assertTrue(Simulator.vectorizedDesignBytes(cfg) > Simulator.MAX_DESIGN_BYTES);
        try (Simulator s = new Simulator(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.runTrial(SimModel.VECTORIZED, cfg, 0, 1L));
            assertTrue(e.getMessage().contains("1 GiB"), e.getMessage());
        }
        assertEquals(8L * 40 * 4 * 20, Simulator.vectorizedDesignBytes(small(LossKind.LOGISTIC, 20)));
    }

    @Test
    void configValidationMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 10, 0.5, 5, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        assertEquals("R must satisfy 1 <= R <= L-1, got R=10 L=10", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 1, 1.0, 5, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 1, 0.5, Double.NaN, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 1, 0.5, 5, LossKind.HINGE, -0.01, 10, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 1, 0.5, 5, LossKind.LOGISTIC, 0.01, 0, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(10, 1, 0.5, 5, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2, 100, 1, -1, 0, .5));
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationConfig(1, 1, 0.5, 5, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2, 100, 1, 0, 0, .5));
        SimulationConfig c = new SimulationConfig(10, 1, 0.5, 5, LossKind.LOGISTIC, 0.01, 10, .5, .5, .5, 2.0, 333, 0.001,
                0, 0, .5);
        assertEquals(666, c.n0());
        assertEquals(1, c.n1());
        assertEquals(250000, c.effectiveTestSamples());
        assertEquals(SimModel.VECTORIZED, SimModel.parse(" Vectorized "));
        assertEquals(LossKind.HINGE, LossKind.parse("HINGE"));
        IllegalArgumentException pe = assertThrows(IllegalArgumentException.class, () -> SimModel.parse("mlp"));
        assertTrue(pe.getMessage().contains("attention, pooled or vectorized"));
        assertThrows(IllegalArgumentException.class, () -> LossKind.parse("l2"));
        assertThrows(IllegalArgumentException.class, () -> new Simulator(0));
    }

    /** Joint-step gradient against central finite differences of the objective. */
    @Test
    void jointGradientMatchesFiniteDifferences() {
        int d = 6;
        SimulationConfig cfg = new SimulationConfig(4, 1, 0.5, 2.0, LossKind.LOGISTIC, 0.3, 2.0, 0.5, 0.5, 0.5, 2.0, d,
                5.0, 1000, 0, 0.5);
        long ts = 77;
        double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), d);
        SparseTokenSampler sampler = new SparseTokenSampler(4, 1, 0.5, 2.0, xi);
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        double[] w = new double[d], q = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = r.nextGaussian();
            q[j] = 0.5 * r.nextGaussian();
        }
        double b = 0.2;
        ChunkedExecutor ex = ChunkedExecutor.serial();
        double[] g = JointTrainer.objectiveAndGradient(cfg, sampler, w, b, q, ts, ex);
        double h = 1e-6;
        for (int k = 0; k <= 2 * d; k++) {
            double[] wp = w.clone(), wm = w.clone(), qp = q.clone(), qm = q.clone();
            double bp = b, bm = b;
            if (k < d) {
                wp[k] += h;
                wm[k] -= h;
            } else if (k == d) {
                bp += h;
                bm -= h;
            } else {
                qp[k - d - 1] += h;
                qm[k - d - 1] -= h;
            }
            double fp = JointTrainer.objectiveAndGradient(cfg, sampler, wp, bp, qp, ts, ex)[2 * d + 1];
            double fm = JointTrainer.objectiveAndGradient(cfg, sampler, wm, bm, qm, ts, ex)[2 * d + 1];
            assertEquals((fp - fm) / (2 * h), g[k], 1e-7, "gradient component " + k);
        }
    }

    @Test
    void jointGradientDescentDecreasesTheObjective() {
        int d = 20;
        SimulationConfig cfg = new SimulationConfig(4, 1, 0.5, 3.0, LossKind.LOGISTIC, 0.05, 4.0, 0.5, 0.5, 0.5, 2.0, d,
                3.0, 5000, 5, 0.2);
        long ts = 5;
        double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), d);
        SparseTokenSampler sampler = new SparseTokenSampler(4, 1, 0.5, 3.0, xi);
        double[] w0 = new double[d], q0 = new double[d];
        for (int j = 0; j < d; j++) {
            w0[j] = Math.sqrt(d) * 0.5 * xi[j];
            q0[j] = 0.1 * xi[j] + 0.05 * ((j % 3) - 1);
        }
        ChunkedExecutor ex = ChunkedExecutor.serial();
        JointTrainer.Trajectory tr = JointTrainer.run(cfg, sampler, xi, q0, w0, 0.1, ts, ex);
        double[] wt0 = new double[d], wt1 = new double[d];
        for (int j = 0; j < d; j++) {
            wt0[j] = w0[j] / Math.sqrt(d);
            wt1[j] = tr.w()[j] / Math.sqrt(d);
        }
        double j0 = JointTrainer.objectiveAndGradient(cfg, sampler, wt0, 0.1, q0, ts, ex)[2 * d + 1];
        double j1 = JointTrainer.objectiveAndGradient(cfg, sampler, wt1, tr.b(), tr.q(), ts, ex)[2 * d + 1];
        assertTrue(j1 < j0 - 1e-3, "objective " + j0 + " -> " + j1);
        assertEquals(6, tr.testError().length);
        assertEquals(Vec.cos(tr.q(), xi), tr.cosQXi()[5], 1e-15);
    }

    @Test
    void jointStepsStartAtStepFourSolution() {
        SimulationConfig cfg = small(LossKind.LOGISTIC, 40).withJoint(3, 0.5);
        try (Simulator s = new Simulator(2)) {
            TrialResult r = s.runTrial(SimModel.ATTENTION, cfg, 0, 9L);
            assertEquals(4, r.jointTestError().length);
            assertEquals(r.testError(), r.jointTestError()[0]);
            assertEquals(r.cosQXi(), r.jointCosQXi()[0], 1e-15);
        }
    }
}
