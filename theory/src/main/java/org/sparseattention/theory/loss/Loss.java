package org.sparseattention.theory.loss;

/**
 * A convex loss {@code l(y, x)} of the label {@code y = +-1} and the prediction {@code x}
 * (docs/theory.md section 3) with its proximal operator (section 6). The set is closed: square,
 * logistic and hinge; code that depends on the loss dispatches on {@link #kind()}.
 */
public sealed interface Loss permits SquareLoss, LogisticLoss, HingeLoss {

    /** The closed set of losses, for exhaustive dispatch. */
    enum Kind {
        /** {@code (y - x)^2 / 2}. */
        SQUARE,
        /** {@code log(1 + exp(-y x))}. */
        LOGISTIC,
        /** {@code max(0, 1 - y x)}. */
        HINGE
    }

    /** Which loss this is. */
    Kind kind();

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

    /**
     * Risk of the best constant predictor, {@code min_b [pi l(1, b) + (1 - pi) l(-1, b)]} with
     * {@code pi = P(y = +1)}: the ridge ERM with a free bias can never have a larger training loss
     * (the zero weight vector is feasible), so a fixed point above it is a wrong root (section 6).
     *
     * @param pi {@code P(y = +1)} in {@code [0, 1]}
     */
    double constantRisk(double pi);
}
