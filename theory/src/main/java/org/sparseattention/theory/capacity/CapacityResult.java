package org.sparseattention.theory.capacity;

import org.sparseattention.theory.Model;

/**
 * Capacity {@code alpha*} of docs/theory.md section 7.
 *
 * @param model        the classifier
 * @param alphaStar    {@code gamma / min E[psi]}
 * @param alphaStarErr numerical error bar (attention only, 0 otherwise): spread over randomizations
 *                     and finite-point bias (N against N/2 points) in quadrature
 * @param gradientNorm gradient norm of the convex objective at the minimiser
 * @param iterations   Newton iterations
 */
public record CapacityResult(Model model, double alphaStar, double alphaStarErr, double gradientNorm,
                             int iterations) {
}
