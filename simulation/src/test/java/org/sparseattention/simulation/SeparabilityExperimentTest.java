package org.sparseattention.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Finite-d separability against Cover's count (theta = 0, pi = 1/2: alpha* = 2 gamma). */
class SeparabilityExperimentTest {

    private static SimulationConfig cfg(double alpha, int d) {
        return new SimulationConfig(4, 1, 0.5, 0.0, LossKind.LOGISTIC, 0.01, 2, .5, .5, .5, 1.0, d, alpha, 0, 0, .5);
    }

    @Test
    void pooledPureNoiseFollowsCover() {
        try (SeparabilityExperiment e = new SeparabilityExperiment(2)) {
            SeparabilityResult low = e.run(SimModel.POOLED, cfg(1.0, 60), 6, 1L);
            SeparabilityResult high = e.run(SimModel.POOLED, cfg(3.5, 60), 6, 1L);
            assertEquals(1.0, low.fraction(), 1e-12, "alpha = 1 < 2: separable");
            assertEquals(0.0, high.fraction(), 1e-12, "alpha = 3.5 > 2: not separable");
            assertEquals(6, low.trials());
            assertEquals(0.0, low.stderr(), 1e-15);
        }
    }

    @Test
    void vectorizedCapacityScalesWithL() {
        try (SeparabilityExperiment e = new SeparabilityExperiment(2)) {
            // gamma = L = 4: alpha* = 8 at theta = 0
            assertEquals(1.0, e.run(SimModel.VECTORIZED, cfg(5.0, 15), 3, 2L).fraction(), 1e-12);
            assertEquals(0.0, e.run(SimModel.VECTORIZED, cfg(12.0, 15), 3, 2L).fraction(), 1e-12);
        }
    }

    @Test
    void aBatchGivesTheAnswersOfTheSingleTestsWhateverTheThreadsAndOrder() {
        // a mixed batch (two models, sizes and both verdicts) in a scrambled order
        java.util.List<SeparabilityExperiment.DataSet> sets = new java.util.ArrayList<>();
        for (int t = 0; t < 3; t++) {
            sets.add(new SeparabilityExperiment.DataSet(SimModel.POOLED, cfg(1.0, 40), t, 5L));
            sets.add(new SeparabilityExperiment.DataSet(SimModel.VECTORIZED, cfg(12.0, 12), t, 6L));
            sets.add(new SeparabilityExperiment.DataSet(SimModel.POOLED, cfg(2.0, 50), t, 7L));
            sets.add(new SeparabilityExperiment.DataSet(SimModel.VECTORIZED, cfg(5.0, 12), t, 8L));
        }
        java.util.Collections.shuffle(sets, new java.util.Random(3));
        boolean[] single = new boolean[sets.size()];
        int separable = 0;
        try (SeparabilityExperiment one = new SeparabilityExperiment(1)) {
            for (int k = 0; k < sets.size(); k++) {
                SeparabilityExperiment.DataSet s = sets.get(k);
                single[k] = one.isSeparable(s.model(), s.cfg(), s.trial(), s.seed());
                separable += single[k] ? 1 : 0;
            }
        }
        assertTrue(separable > 0 && separable < sets.size(), separable + " of " + sets.size() + " separable");
        for (int threads : new int[] {1, 2, 3}) {
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            try (SeparabilityExperiment e = new SeparabilityExperiment(threads)) {
                boolean[] batch = e.areSeparable(sets, done::incrementAndGet);
                assertArrayEquals(single, batch, "threads=" + threads);
            }
            assertEquals(sets.size(), done.get(), "one report per data set");
        }
    }
}
