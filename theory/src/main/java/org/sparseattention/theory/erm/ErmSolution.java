package org.sparseattention.theory.erm;

import org.sparseattention.theory.Model;

/**
 * Solution of the readout ERM fixed point (docs/theory.md section 6) at one {@code (alpha, lambda)}.
 * For the attention law every value is the mean over {@code K} randomizations of the
 * quasi-Monte Carlo points; each {@code *Err} combines in quadrature the standard error over
 * randomizations, the finite-point bias (N against N/2 points) and the Gauss-Hermite truncation
 * (n against 2n nodes). For the Gaussian laws only the truncation term remains (essentially 0).
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
 */
public record ErmSolution(Model model, String loss, double alpha, double lambda, double[] m, double bias,
                          double q, double v, double testError, double testErrorErr, double trainLoss,
                          double trainLossErr, double trainError, double trainErrorErr, double residual,
                          int iterations) {

    /** {@code ||w||^2/d = |m|^2 + Q}. */
    public double weightNormSquared() {
        double s = q;
        for (double mi : m) {
            s += mi * mi;
        }
        return s;
    }
}
