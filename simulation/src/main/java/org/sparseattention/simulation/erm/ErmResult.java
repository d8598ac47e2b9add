package org.sparseattention.simulation.erm;

/**
 * Solution of the readout ERM {@code min sum_i l(y_i, <w, phi_i>/sqrt(d) + b) + (lambda/2)||w||^2}
 * (docs/theory.md section 3, step 4).
 *
 * @param w            weights (norm O(sqrt d))
 * @param b            bias
 * @param objective    objective value at the solution
 * @param optimality   gradient norm of the objective in {@code (w, b)} (hinge: duality gap)
 * @param biasResidual hinge only: {@code |sum_i alpha_i y_i|}, the bias stationarity residual
 *                     of the dual; 0 for the smooth losses (included in {@code optimality})
 * @param iterations   solver iterations (L-BFGS iterations, CG iterations, or CD epochs)
 * @param method       short description of the solver and its stopping rule
 */
public record ErmResult(double[] w, double b, double objective, double optimality, double biasResidual,
        int iterations, String method) {
}
