package org.sparseattention.theory.loss;

/** Square loss {@code (y - x)^2 / 2}; its proximal operator is linear in {@code h}. */
public final class SquareLoss implements Loss {

    @Override
    public Kind kind() {
        return Kind.SQUARE;
    }

    /** {@code 2 pi (1 - pi)} (at {@code b = 2 pi - 1}). */
    @Override
    public double constantRisk(double pi) {
        return 2 * pi * (1 - pi);
    }

    @Override
    public String name() {
        return "square";
    }

    @Override
    public double value(double y, double x) {
        double r = y - x;
        return 0.5 * r * r;
    }

    @Override
    public double derivative(double y, double x) {
        return x - y;
    }

    /** {@code (h + tau y) / (1 + tau)}. */
    @Override
    public double prox(double y, double h, double tau) {
        return (h + tau * y) / (1 + tau);
    }

    /** {@code 1 / (1 + tau)}. */
    @Override
    public double proxDerivative(double y, double h, double tau) {
        return 1 / (1 + tau);
    }
}
