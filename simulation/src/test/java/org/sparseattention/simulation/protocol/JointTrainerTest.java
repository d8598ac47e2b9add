package org.sparseattention.simulation.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.Simulator;
import org.sparseattention.simulation.TrialResult;

/** The joint steps: line search keeps the training objective non-increasing; the held-out stop guards the test error. */
class JointTrainerTest {

    private static SimulationConfig cfg(double alpha0, double alpha1, int steps, double eta) {
        return new SimulationConfig(10, 1, 0.5, 5, LossKind.LOGISTIC, 0.01, 10, 0.5, 0.5, 0.5, alpha0, 120, alpha1,
                20_000, steps, eta);
    }

    @Test
    void objectiveNeverIncreasesEvenWithAHugeLargestStep() {
        try (Simulator s = new Simulator(2)) {
            for (double eta : new double[] {0.5, 50}) {
                TrialResult r = s.runTrial(SimModel.ATTENTION, cfg(0.25, 8, 6, eta), 0, 7L);
                double[] j = r.jointObjective();
                assertEquals(7, j.length);
                for (int k = 1; k < j.length; k++) {
                    assertTrue(j[k] <= j[k - 1], "eta=" + eta + " step " + k + ": " + j[k] + " > " + j[k - 1]);
                    // a taken step satisfies the Armijo condition: a strict decrease
                    if (r.jointStepSize()[k] > 0) {
                        assertTrue(j[k] < j[k - 1]);
                    } else {
                        assertEquals(j[k - 1], j[k], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void stepZeroIsTheStepFourSolutionAndTheObjectiveMatchesItsDefinition() {
        try (Simulator s = new Simulator(2)) {
            SimulationConfig c = cfg(0.25, 8, 2, 0.5);
            TrialResult r = s.runTrial(SimModel.ATTENTION, c, 0, 7L);
            assertEquals(r.testError(), r.jointTestError()[0], 0.0);
            assertEquals(r.cosQXi(), r.jointCosQXi()[0], 1e-12);
            // J at the step-4 solution = mean training loss + (lambda d / (2 n1)) |w~|^2 >= mean training loss
            assertTrue(r.jointObjective()[0] >= r.trainLoss() - 1e-9);
            assertTrue(r.jointObjective()[0] <= r.trainLoss() + 0.5);
        }
    }

    @Test
    void weakQueryWithManyReadoutSamplesImprovesAndStrongQueryIsNotMadeWorse() {
        try (Simulator s = new Simulator(2)) {
            // weak query (alpha0 = 0.25), alpha1 = 8: the joint steps align q and lower the test error
            TrialResult weak = s.runTrial(SimModel.ATTENTION, cfg(0.25, 8, 4, 0.5), 0, 3L);
            double[] te = weak.jointTestError();
            assertTrue(weak.jointStepSize()[1] > 0, "first step rejected");
            assertTrue(te[te.length - 1] < te[0] - 0.005, "test error " + te[0] + " -> " + te[te.length - 1]);
            // defaults (alpha0 = 2, alpha1 = 2): never worse than the step-4 solution beyond 2 binomial s.e.
            TrialResult strong = s.runTrial(SimModel.ATTENTION, cfg(2, 2, 3, 0.5), 0, 3L);
            double[] ts = strong.jointTestError();
            double se = Math.sqrt(ts[0] * (1 - ts[0]) / 20_000);
            assertTrue(ts[ts.length - 1] <= ts[0] + 2 * se, "test error " + ts[0] + " -> " + ts[ts.length - 1]);
        }
    }
}
