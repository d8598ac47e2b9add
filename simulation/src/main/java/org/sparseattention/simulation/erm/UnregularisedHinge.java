package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimulationException;

/**
 * The {@code lambda -> 0} limit of the hinge ERM on data that are not linearly separable: a
 * minimiser of the unregularised hinge loss {@code sum_i (1 - y_i (a_i w + b))_+} (a linear
 * program), namely the one the ridge path converges to (docs/theory.md, section 6: the
 * {@code unregularised} regime). Computed along the ridge path {@code lambda = 1e-2, 1e-4, ...}
 * until two consecutive solutions give the same training scores {@code z_i = a_i w + b} within
 * {@code STEP_TOL} (scores live on the margin's scale 1). Without separation the path stays
 * bounded, so it converges.
 */
public final class UnregularisedHinge {
    /** Largest change of a training score between consecutive ridges that ends the path. */
    public static final double STEP_TOL = 1e-4;
    /** Largest ridge of the path; each further ridge divides it by 100. */
    static final double LAMBDA_START = 1e-2;
    /** Number of ridges tried (down to 1e-2 x 100^-(TRIES-1)). */
    static final int TRIES = 6;

    private UnregularisedHinge() {
    }

    /**
     * Solves the limit; the reported objective is the hinge loss {@code sum_i (1 - y_i z_i)_+}.
     *
     * @param testIterations iterations already spent by the separability test (added to the count)
     * @throws SimulationException if the ridge path has not settled at its smallest ridge
     */
    static ErmResult solve(FeatureMatrix A, double[] y, int testIterations) {
        int n = A.rows();
        double[] z = new double[n];
        double[] zPrevious = new double[n];
        double lambda = LAMBDA_START;
        int iterations = testIterations;
        double change = Double.NaN;
        for (int k = 0; k < TRIES; k++, lambda *= 1e-2) {
            ErmResult h;
            try {
                h = HingeDualCd.solve(A, y, lambda);
            } catch (SimulationException e) {
                throw new SimulationException("hinge at lambda = 0 on data that are not separable: the ridge path to"
                        + " the unregularised hinge minimiser stopped at lambda=" + lambda + " (" + e.getMessage() + ")");
            }
            iterations += h.iterations();
            A.multiply(h.w(), h.b(), z);
            if (k > 0) {
                change = 0;
                for (int i = 0; i < n; i++) {
                    change = Math.max(change, Math.abs(z[i] - zPrevious[i]));
                }
                if (change <= STEP_TOL) {
                    double hinge = 0;
                    for (int i = 0; i < n; i++) {
                        hinge += LossKind.HINGE.value(y[i], z[i]);
                    }
                    return new ErmResult(h.w(), h.b(), hinge, h.optimality(), h.biasResidual(), iterations,
                            "unregularised hinge minimiser (data not separable) = hinge ERM at lambda=" + lambda
                                    + ", training scores within " + change + " of those at lambda=" + lambda * 100);
                }
            }
            System.arraycopy(z, 0, zPrevious, 0, n);
        }
        throw new SimulationException("unregularised hinge limit not reached: the ridge path still moves the training scores by "
                + change + " at lambda=" + lambda * 100);
    }
}
