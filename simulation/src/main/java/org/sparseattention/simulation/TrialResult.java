package org.sparseattention.simulation;

/**
 * Measurements of one trial (docs/theory.md sections 2-3; docs/cli.md column meanings). All
 * quantities except the {@code joint*} arrays refer to the step-4 solution (the paper's
 * protocol).
 *
 * @param model           model simulated
 * @param d               embedding dimension
 * @param alpha1          {@code n1/d}
 * @param trial           trial index
 * @param trialSeed       seed of this trial (derived from the run seed and the trial index)
 * @param testError       test error on fresh (exact low-dimensional) samples
 * @param testErrorStderr its binomial standard error {@code sqrt(p(1-p)/N)}
 * @param trainLoss       mean loss over D1 without penalty
 * @param trainError      fraction of D1 misclassified ({@code y yhat <= 0})
 * @param cosQXi          {@code cos(q, xi)} of the query used (NaN for linear models, or if q = 0)
 * @param qNorm           {@code ||q||} (NaN for linear models)
 * @param cosWXi          {@code cos(w~1, xi)} after step 2 (NaN for linear models and fixed queries)
 * @param readoutOverlap  {@code cos(w, xi)} of the final readout (vectorized:
 *                        {@code cos(w, 1_L (x) xi / sqrt(L))})
 * @param ermGradNorm     gradient norm at the ERM solution (hinge: the duality gap)
 * @param ermIterations   iterations of the ERM solver
 * @param jointTestError  test error along the joint steps (length {@code jointSteps+1}, entry 0
 *                        = step-4 solution), empty without joint steps
 * @param jointCosQXi     {@code cos(q, xi)} along the joint steps, same layout
 * @param jointObjective  training objective along the joint steps, same layout (non-increasing)
 * @param jointStepSize   accepted step size of each joint step, same layout (entry 0 = 0)
 */
public record TrialResult(SimModel model, int d, double alpha1, int trial, long trialSeed,
        double testError, double testErrorStderr, double trainLoss, double trainError,
        double cosQXi, double qNorm, double cosWXi,
        double readoutOverlap, double ermGradNorm, int ermIterations,
        double[] jointTestError, double[] jointCosQXi, double[] jointObjective, double[] jointStepSize) {

    /** A trial without joint-step objective and step sizes (no joint steps). */
    public TrialResult(SimModel model, int d, double alpha1, int trial, long trialSeed,
            double testError, double testErrorStderr, double trainLoss, double trainError,
            double cosQXi, double qNorm, double cosWXi,
            double readoutOverlap, double ermGradNorm, int ermIterations,
            double[] jointTestError, double[] jointCosQXi) {
        this(model, d, alpha1, trial, trialSeed, testError, testErrorStderr, trainLoss, trainError, cosQXi, qNorm,
                cosWXi, readoutOverlap, ermGradNorm, ermIterations, jointTestError, jointCosQXi, new double[0],
                new double[0]);
    }
}
