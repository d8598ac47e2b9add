package org.sparseattention.theory.capacity;

import org.sparseattention.theory.Model;

/**
 * Capacity {@code alpha*} of THEORY.md section 7.
 *
 * @param model        the classifier
 * @param alphaStar    {@code gamma / min E[psi]}
 * @param alphaStarErr numerical error bar (quasi-Monte Carlo, attention only; 0 otherwise)
 * @param gradientNorm gradient norm of the convex objective at the minimiser
 * @param iterations   Newton iterations
 */
public record CapacityResult(Model model, double alphaStar, double alphaStarErr, double gradientNorm,
                             int iterations) {
}
