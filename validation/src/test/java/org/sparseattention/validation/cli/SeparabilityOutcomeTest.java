package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;

/** Where the separable fraction crosses 1/2, and the capacity check's outcome in the verdict. */
class SeparabilityOutcomeTest {
    private static final double[] F = {0.6, 0.8, 0.9, 1, 1.1, 1.2, 1.4};

    @Test
    void crossingIsInterpolatedLinearly() {
        // 0.9 -> 0.7 at 0.9, 0.3 at 1.1: crosses 1/2 at 1.0 exactly
        assertEquals(1.0, SeparabilityCheck.crossing(F, new double[] {1, 1, 0.7, 0.5, 0.3, 0.1, 0}), 1e-12);
        assertEquals(0.85, SeparabilityCheck.crossing(F, new double[] {1, 0.8, 0.2, 0.1, 0, 0, 0}), 1e-12);
        // a skipped factor (NaN) is stepped over
        assertEquals(1.0, SeparabilityCheck.crossing(new double[] {0.8, 0.9, 1.2},
                new double[] {0.9, Double.NaN, 0.1}), 1e-12);
        assertTrue(Double.isNaN(SeparabilityCheck.crossing(F, new double[] {1, 1, 1, 1, 0.9, 0.8, 0.6})));
    }

    @Test
    void outcomePassesNearAlphaStarAndFailsFarFromIt() {
        assertEquals(SeparabilityCheck.Status.PASS, SeparabilityCheck.outcome(Model.POOLED, 3.0, 200, F,
                new double[] {1, 1, 0.8, 0.6, 0.3, 0.1, 0}).status());
        // the theory's alpha* 1.5x too small: the data stay separable up to 1.4 alpha*
        SeparabilityCheck.ModelOutcome far = SeparabilityCheck.outcome(Model.POOLED, 3.0, 200, F,
                new double[] {1, 1, 1, 1, 1, 0.9, 0.8});
        assertEquals(SeparabilityCheck.Status.FAIL, far.status());
        assertEquals(SeparabilityCheck.Status.FAIL, SeparabilityCheck.outcome(Model.POOLED, 3.0, 200, F,
                new double[] {1, 0.2, 0.1, 0, 0, 0, 0}).status());
        // factors that do not span 1 +- 0.2 cannot judge: unresolved, not a failure
        assertEquals(SeparabilityCheck.Status.UNRESOLVED, SeparabilityCheck.outcome(Model.POOLED, 3.0, 200,
                new double[] {0.9, 1.0}, new double[] {1, 1}).status());
    }
}
