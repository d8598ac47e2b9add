package org.sparseattention.theory.erm;

import org.sparseattention.theory.Model;

/**
 * Solution of the readout ERM fixed point (docs/theory.md section 6) at one {@code (alpha, lambda)}.
 * For the attention law every value is the mean over {@code K} randomizations of the
 * quasi-Monte Carlo points; each {@code *Err} combines in quadrature the standard error over
 * randomizations, the finite-point bias (N against N/2 points) and the Gauss-Hermite truncation
 * (n against 2n nodes). For the Gaussian laws only the truncation term remains (essentially 0).
 * A value that does not exist (a diverging norm in the {@code lambda -> 0} limit, or any value
 * of a point whose status is not {@code OK}) is {@code NaN}, and {@code note} says why.
 *
 * @param model         the classifier
 * @param loss          loss name
 * @param alpha         {@code alpha1 = n1/d}
 * @param lambda        ridge strength
 * @param m             overlaps along the law's directions
 * @param bias          bias {@code b}
 * @param q             bulk field variance {@code Q}
 * @param v             bulk response {@code V}
 * @param testError     {@code E_test}
 * @param testErrorErr  its numerical error bar
 * @param trainLoss     {@code E[l(y,h)]}
 * @param trainLossErr  its numerical error bar
 * @param trainError    {@code P(y h < 0)}
 * @param trainErrorErr its numerical error bar
 * @param residual      largest scaled residual of the equations at the returned point
 * @param iterations    Newton iterations (summed over randomizations)
 * @param regime        which solution this is ({@code RIDGE} whenever {@code lambda > 0})
 * @param status        whether the values exist
 * @param note          why some values are empty, or what failed (empty if nothing to say)
 */
public record ErmSolution(Model model, String loss, double alpha, double lambda, double[] m, double bias,
                          double q, double v, double testError, double testErrorErr, double trainLoss,
                          double trainLossErr, double trainError, double trainErrorErr, double residual,
                          int iterations, Regime regime, PointStatus status, String note) {

    /** Validates the labels. */
    public ErmSolution {
        if (regime == null || status == null || note == null) {
            throw new IllegalArgumentException("regime, status and note are required");
        }
    }

    /** {@code ||w||^2/d = |m|^2 + Q} ({@code NaN} where it diverges). */
    public double weightNormSquared() {
        double s = q;
        for (double mi : m) {
            s += mi * mi;
        }
        return s;
    }
}
