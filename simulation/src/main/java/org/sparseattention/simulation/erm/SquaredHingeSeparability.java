package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.Vec;

/**
 * Finite-d separability test (docs/theory.md section 7): the data set is linearly separable iff
 * the unregularised squared-hinge ERM {@code min sum_i (1 - y_i (a_i w + b))_+^2} reaches
 * zero. Minimised by L-BFGS from zero; separable iff the loss falls below
 * {@code 1e-10} times its value at zero ({@code n}); not separable iff the gradient vanishes
 * (relative {@code 1e-8}) with the loss above that level.
 */
public final class SquaredHingeSeparability {
    /** Relative loss level below which the set is declared separable. */
    public static final double LOSS_TOL = 1e-10;
    /** Relative gradient tolerance for declaring a positive minimum. */
    public static final double GRAD_TOL = 1e-8;
    /**
     * A stalled minimisation (line search at the rounding level) still gives the verdict "not
     * separable" if the relative gradient is below this and the loss above
     * {@code 1e-6 n}: by convexity the minimum is then bounded away from zero for any
     * minimiser within distance {@code 1e-6 n / ||grad||} (astronomically far).
     */
    public static final double STALL_GRAD_TOL = 1e-6;

    /**
     * @param separable  verdict
     * @param loss       squared-hinge loss reached
     * @param gradNorm   gradient norm there
     * @param iterations L-BFGS iterations
     */
    public record Outcome(boolean separable, double loss, double gradNorm, int iterations) {
    }

    private static final MarginLbfgs.MarginLoss LOSS = new MarginLbfgs.MarginLoss() {
        @Override
        public double value(double y, double z) {
            double m = 1 - y * z;
            return m > 0 ? m * m : 0.0;
        }

        @Override
        public double derivative(double y, double z) {
            double m = 1 - y * z;
            return m > 0 ? -2 * y * m : 0.0;
        }
    };

    private SquaredHingeSeparability() {
    }

    /**
     * Tests linear separability (with bias) of rows of {@code A} with labels {@code y}.
     *
     * @throws SimulationException if the minimisation stalls before a verdict
     */
    public static Outcome test(FeatureMatrix A, double[] y) {
        int n = A.rows(), p = A.cols();
        double[] r = new double[n];
        double gb = 0;
        for (int i = 0; i < n; i++) {
            r[i] = -2 * y[i];
            gb += r[i];
        }
        double[] g0 = new double[p];
        A.transposeMultiply(r, g0);
        double f0 = n;
        double target = LOSS_TOL * f0;
        double gtol = GRAD_TOL * Math.max(1.0, Math.sqrt(Vec.dot(g0, g0) + gb * gb));
        MarginLbfgs.Result res = MarginLbfgs.minimize(A, y, LOSS, 0.0, gtol, target, 50000);
        if (res.value() <= target) {
            return new Outcome(true, res.value(), res.gradNorm(), res.iterations());
        }
        boolean stalledAtPositiveLoss = res.gradNorm() <= STALL_GRAD_TOL * gtol / GRAD_TOL
                && res.value() > 1e-6 * f0;
        if (!res.converged() && !stalledAtPositiveLoss) {
            throw new SimulationException("separability test did not reach a verdict: " + res.message()
                    + ", squared-hinge loss " + res.value() + " after " + res.iterations() + " iterations");
        }
        return new Outcome(false, res.value(), res.gradNorm(), res.iterations());
    }
}
