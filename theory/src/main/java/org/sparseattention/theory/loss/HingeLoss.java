package org.sparseattention.theory.loss;

/**
 * Hinge loss {@code max(0, 1 - y x)}. Its proximal operator is piecewise linear in
 * {@code u = y h}: {@code y x = u + tau} for {@code u < 1 - tau}, {@code y x = 1} on
 * {@code [1 - tau, 1]}, {@code x = h} for {@code u > 1}.
 */
public final class HingeLoss implements Loss {

    @Override
    public Kind kind() {
        return Kind.HINGE;
    }

    /** {@code 2 min(pi, 1 - pi)} (at {@code b = +-1}, the sign of the majority class). */
    @Override
    public double constantRisk(double pi) {
        return 2 * Math.min(pi, 1 - pi);
    }

    @Override
    public String name() {
        return "hinge";
    }

    @Override
    public double value(double y, double x) {
        return Math.max(0, 1 - y * x);
    }

    /** {@code -y} where {@code y x < 1}, else 0. */
    @Override
    public double derivative(double y, double x) {
        return y * x < 1 ? -y : 0;
    }

    @Override
    public double prox(double y, double h, double tau) {
        double u = y * h;
        if (u >= 1) {
            return h;
        }
        if (u <= 1 - tau) {
            return h + tau * y;
        }
        return y;
    }

    @Override
    public double proxDerivative(double y, double h, double tau) {
        double u = y * h;
        return (u > 1 - tau && u < 1) ? 0 : 1;
    }
}
