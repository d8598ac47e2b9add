package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.Vec;

/**
 * Hard-margin SVM {@code min ||w||^2/2} subject to {@code y_i (a_i w + b) >= 1} for all
 * {@code i}: the {@code lambda -> 0} limit of the hinge ERM on separable data, and the
 * direction to which the logistic ERM converges as {@code lambda -> 0} (docs/theory.md,
 * section 6). Computed as the hinge ERM at decreasing {@code lambda}: once the hinge solution
 * has every margin {@code >= 1} it is the hard-margin solution (it is feasible, and its hinge
 * objective {@code (lambda/2)||w||^2} is at most that of the hard-margin solution, so its norm is
 * the smallest feasible one; the minimiser is unique).
 */
public final class MaxMargin {
    /** Margins within this of 1 count as satisfied (the hinge solution's own accuracy). */
    public static final double MARGIN_TOL = 1e-6;
    /** Largest ridge tried first; each further try divides it by 100. */
    static final double LAMBDA_START = 1e-2;
    /** Number of ridges tried. */
    static final int TRIES = 7;

    private MaxMargin() {
    }

    /**
     * Solves the hard-margin SVM; the reported objective is {@code ||w||^2/2}.
     *
     * @throws SimulationException if the data are not linearly separable (no feasible point) or
     *                             no ridge down to {@code 1e-14} gives a zero-loss hinge solution
     */
    public static ErmResult solve(FeatureMatrix A, double[] y) {
        SquaredHingeSeparability.Outcome sep = SquaredHingeSeparability.test(A, y);
        if (!sep.separable()) {
            throw new SimulationException("the data are not linearly separable (squared-hinge loss " + sep.loss()
                    + "): no max-margin solution exists");
        }
        return hardMargin(A, y, sep.iterations());
    }

    /**
     * The hard-margin SVM of data already known to be separable ({@code iterations} carried over
     * from the separability test).
     */
    static ErmResult hardMargin(FeatureMatrix A, double[] y, int testIterations) {
        int n = A.rows();
        double[] z = new double[n];
        double lambda = LAMBDA_START;
        int iterations = testIterations;
        double worst = Double.NaN;
        for (int k = 0; k < TRIES; k++, lambda *= 1e-2) {
            ErmResult h = HingeDualCd.solve(A, y, lambda);
            iterations += h.iterations();
            A.multiply(h.w(), h.b(), z);
            double minMargin = Double.POSITIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                minMargin = Math.min(minMargin, y[i] * z[i]);
            }
            worst = minMargin;
            if (minMargin >= 1 - MARGIN_TOL) {
                return new ErmResult(h.w(), h.b(), 0.5 * Vec.dot(h.w(), h.w()), h.optimality() / lambda,
                        h.biasResidual(), iterations, "hard-margin SVM (max-margin, margin 1) = hinge ERM at lambda="
                                + lambda + " with every margin >= 1 - " + MARGIN_TOL);
            }
        }
        throw new SimulationException("max-margin solution not reached: the hinge ERM at lambda=" + lambda * 100
                + " still has a margin " + worst + " < 1");
    }

    /**
     * The max-margin direction scaled so that the smallest margin is {@code minMargin}: a point
     * far along the path of the logistic ERM as {@code lambda -> 0} on separable data (its
     * logistic training loss is below {@code n exp(-minMargin)}; test errors depend on the
     * direction only).
     */
    public static ErmResult scaledDirection(FeatureMatrix A, double[] y, double minMargin) {
        ErmResult h = solve(A, y);
        double[] z = new double[A.rows()];
        A.multiply(h.w(), h.b(), z);
        double mm = Double.POSITIVE_INFINITY;
        for (int i = 0; i < z.length; i++) {
            mm = Math.min(mm, y[i] * z[i]);
        }
        double s = minMargin / mm;
        double[] w = h.w().clone();
        for (int j = 0; j < w.length; j++) {
            w[j] *= s;
        }
        return new ErmResult(w, s * h.b(), h.objective() * s * s, h.optimality(), h.biasResidual(), h.iterations(),
                "max-margin direction (lambda = 0 limit of the logistic ERM on separable data; the norm diverges),"
                        + " scaled to smallest margin " + minMargin + "; " + h.method());
    }
}
