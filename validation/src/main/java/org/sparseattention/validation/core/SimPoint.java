package org.sparseattention.validation.core;

import java.util.List;
import java.util.function.ToDoubleFunction;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.validation.stats.SampleSummary;

/**
 * The trials of one simulated point.
 *
 * @param model  the model
 * @param d      dimension
 * @param alpha1 {@code n1/d}
 * @param trials trial results (at least one)
 */
public record SimPoint(Model model, int d, double alpha1, List<TrialResult> trials) {

    /** Validates and copies. */
    public SimPoint {
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("a simulated point needs at least one trial");
        }
        trials = List.copyOf(trials);
    }

    /** Summary over trials of one measured quantity (NaN entries skipped). */
    public SampleSummary summary(ToDoubleFunction<TrialResult> quantity) {
        return SampleSummary.of(trials.stream().mapToDouble(quantity).toArray());
    }
}
