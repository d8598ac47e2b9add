package org.sparseattention.simulation;

/**
 * Finite-d capacity point (docs/theory.md section 7): fraction of data sets that are linearly
 * separable in a model's feature space.
 *
 * @param model     model
 * @param d         embedding dimension
 * @param alpha     {@code n/d}
 * @param trials    number of data sets
 * @param separable how many were separable
 * @param fraction  {@code separable / trials}
 * @param stderr    binomial standard error {@code sqrt(f(1-f)/trials)}
 */
public record SeparabilityResult(SimModel model, int d, double alpha, int trials, int separable,
        double fraction, double stderr) {
}
