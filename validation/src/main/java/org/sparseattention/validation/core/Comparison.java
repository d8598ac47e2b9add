package org.sparseattention.validation.core;

/**
 * One row of {@code validate.csv}: a theory value next to the simulation's trial average.
 *
 * @param model     model label
 * @param loss      loss name
 * @param alpha1    {@code n1/d}
 * @param d         dimension
 * @param quantity  {@code test_error}, {@code train_loss} or {@code cos_q_xi}
 * @param theory    theory value
 * @param theoryErr numerical error bar of the theory value (0 where exact)
 * @param simMean   mean over trials
 * @param simStderr standard error of the mean over trials
 * @param simStd    trial-to-trial standard deviation
 * @param trials    number of trials
 */
public record Comparison(String model, String loss, double alpha1, int d, String quantity, double theory,
                         double theoryErr, double simMean, double simStderr, double simStd, int trials) {

    /** Validates the sizes. */
    public Comparison {
        if (d < 1 || trials < 1) {
            throw new IllegalArgumentException("d and trials must be positive");
        }
    }

    /** {@code sim_mean - theory}. */
    public double gap() {
        return simMean - theory;
    }

    /** Combined standard error {@code sqrt(sim_stderr^2 + theory_err^2)}. */
    public double sigma() {
        return Math.sqrt(simStderr * simStderr + theoryErr * theoryErr);
    }

    /** {@code gap / sigma}; 0 when both gap and sigma vanish. */
    public double zScore() {
        double s = sigma();
        double g = gap();
        if (s == 0) {
            return g == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, g);
        }
        return g / s;
    }
}
