package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.LossKind;

/** Dispatches the step-4 ERM (docs/theory.md section 3) to the solver of each loss. */
public final class ErmSolvers {
    private ErmSolvers() {
    }

    /**
     * Minimises {@code sum_i l(y_i, a_i w + b) + (lambda/2)||w||^2} over the rows {@code a_i}
     * of {@code A} (features already scaled by {@code 1/sqrt(d)}).
     *
     * @throws org.sparseattention.simulation.SimulationException on non-convergence or when no
     *                                                            minimiser exists
     */
    public static ErmResult solve(LossKind loss, FeatureMatrix A, double[] y, double lambda) {
        switch (loss) {
            case SQUARE:
                return SquareErm.solve(A, y, lambda);
            case LOGISTIC:
                return LogisticErm.solve(A, y, lambda);
            default:
                return HingeDualCd.solve(A, y, lambda);
        }
    }
}
