package org.sparseattention.theory.loss;

/**
 * A convex loss {@code l(y, x)} of the label {@code y = +-1} and the prediction {@code x}
 * (THEORY.md section 3) with its proximal operator (section 6).
 */
public interface Loss {

    /** Name used on the command line: {@code square}, {@code logistic} or {@code hinge}. */
    String name();

    /** {@code l(y, x)}. */
    double value(double y, double x);

    /** {@code l'(y, x) = d l / d x} (a subgradient where {@code l} is not differentiable). */
    double derivative(double y, double x);

    /**
     * Proximal operator {@code argmin_x l(y, x) + (x - h)^2 / (2 tau)} for {@code tau > 0}.
     */
    double prox(double y, double h, double tau);

    /** Derivative of {@link #prox} in {@code h} ({@code 1/(1 + tau l'')} for smooth losses). */
    double proxDerivative(double y, double h, double tau);
}
