package org.sparseattention.theory.loss;

import org.hipparchus.util.FastMath;

/**
 * Logistic loss {@code log(1 + exp(-y x))}. The proximal operator solves
 * {@code x - h + tau l'(y, x) = 0} by Newton's method safeguarded with bisection on the
 * bracket {@code [h, h + tau y]} (THEORY.md section 6: plain Newton can cycle when {@code tau}
 * is large). Hipparchus's univariate solvers would do, but this kernel is called millions of
 * times per fixed-point iteration, so it is written out here.
 */
public final class LogisticLoss implements Loss {
    private static final int MAX_ITER = 100;

    @Override
    public String name() {
        return "logistic";
    }

    @Override
    public double value(double y, double x) {
        return softplus(-y * x);
    }

    @Override
    public double derivative(double y, double x) {
        return -y * sigmoid(-y * x);
    }

    /** {@code l''(y, x) = sigma(x) sigma(-x)}. */
    public static double secondDerivative(double x) {
        double s = sigmoid(x);
        return s * (1 - s);
    }

    /** Numerically stable {@code log(1 + exp(t))}. */
    public static double softplus(double t) {
        return t > 0 ? t + FastMath.log1p(FastMath.exp(-t)) : FastMath.log1p(FastMath.exp(t));
    }

    /** Numerically stable {@code 1/(1 + exp(-t))}. */
    public static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + FastMath.exp(-t));
        }
        double e = FastMath.exp(t);
        return e / (1 + e);
    }

    /**
     * Works in {@code u = y x}: {@code u - y h - tau sigma(-u) = 0}, an increasing function of
     * {@code u} with root in {@code [y h, y h + tau]}.
     */
    @Override
    public double prox(double y, double h, double tau) {
        return y * proxMargin(y * h, tau);
    }

    /** Root {@code u} of {@code u - a - tau sigma(-u) = 0} (the prox in the margin variable). */
    public static double proxMargin(double a, double tau) {
        double lo = a;
        double hi = a + tau;
        // initial guess: Newton from the better end
        double u = a + tau * sigmoid(-a) / (1 + tau * secondDerivative(a));
        if (!(u > lo && u < hi)) {
            u = 0.5 * (lo + hi);
        }
        for (int it = 0; it < MAX_ITER; it++) {
            double s = sigmoid(-u);
            double f = u - a - tau * s;
            if (f > 0) {
                hi = u;
            } else if (f < 0) {
                lo = u;
            } else {
                return u;
            }
            double fp = 1 + tau * s * (1 - s);
            double next = u - f / fp;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            double tol = 1e-15 * (1 + Math.abs(next));
            if (Math.abs(next - u) <= tol || hi - lo <= tol) {
                return next;
            }
            u = next;
        }
        return u;
    }

    @Override
    public double proxDerivative(double y, double h, double tau) {
        double u = proxMargin(y * h, tau);
        return 1 / (1 + tau * secondDerivative(u));
    }
}
