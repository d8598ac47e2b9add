package org.sparseattention.theory.loss;

import org.hipparchus.util.FastMath;

/**
 * Logistic loss {@code log(1 + exp(-y x))}. The proximal operator solves
 * {@code x - h + tau l'(y, x) = 0} by Newton's method safeguarded with bisection on the
 * bracket {@code [h, h + tau y]} (docs/theory.md section 6: plain Newton can cycle when {@code tau}
 * is large). Hipparchus's univariate solvers would do, but this kernel is called millions of
 * times per fixed-point iteration, so it is written out here.
 */
public final class LogisticLoss implements Loss {
    private static final int MAX_ITER = 200;

    @Override
    public Kind kind() {
        return Kind.LOGISTIC;
    }

    /** The binary entropy {@code -pi log pi - (1 - pi) log(1 - pi)} (at {@code b = log(pi/(1 - pi))}). */
    @Override
    public double constantRisk(double pi) {
        return (pi > 0 ? -pi * Math.log(pi) : 0) + (pi < 1 ? -(1 - pi) * Math.log1p(-pi) : 0);
    }

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
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    /** Numerically stable {@code 1/(1 + exp(-t))}. */
    public static double sigmoid(double t) {
        if (t >= 0) {
            return 1 / (1 + Math.exp(-t));
        }
        double e = Math.exp(t);
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

    /**
     * Root {@code u} of {@code u - a - tau sigma(-u) = 0} (the prox in the margin variable), by
     * Newton's method kept inside the bracket {@code [a, a + tau]}: a bisection step replaces any
     * Newton step that leaves the bracket or fails to halve {@code |f|}, so it cannot cycle.
     */
    public static double proxMargin(double a, double tau) {
        return iterate(a, tau, start(a, tau), 0);
    }

    /** The default start of the prox iteration: one Newton step from {@code u = a}. */
    private static double start(double a, double tau) {
        double s0 = sigmoid(-a);
        return a + tau * s0 / (1 + tau * s0 * (1 - s0));
    }

    /**
     * {@link #proxMargin(double, double)} started from {@code guess} (e.g. the tangent
     * {@code u' + (a - a') / (1 + tau sigma(u') sigma(-u'))} of the prox at a nearby {@code a'}): the
     * same safeguarded Newton iteration and stopping rule, so the same root to rounding; a guess
     * outside the bracket {@code (a, a + tau)} is replaced by the default start.
     */
    public static double proxMargin(double a, double tau, double guess) {
        return proxMargin(a, tau, guess, 0);
    }

    /**
     * {@link #proxMargin(double, double, double)} stopped as soon as the residual
     * {@code |u - a - tau sigma(-u)|} is at most {@code tol}: a root good to {@code tol} in {@code a}, for
     * callers that need only its position to that accuracy (the same iteration; {@code tol = 0} is the
     * converged root).
     */
    public static double proxMargin(double a, double tau, double guess, double tol) {
        return iterate(a, tau, guess > a && guess < a + tau ? guess : start(a, tau), tol);
    }

    private static double iterate(double a, double tau, double start, double tol) {
        double lo = a;
        double hi = a + tau;
        double u = start;
        double fPrev = Double.POSITIVE_INFINITY;
        for (int it = 0; it < MAX_ITER; it++) {
            double e = Math.exp(-Math.abs(u));
            double s = u >= 0 ? e / (1 + e) : 1 / (1 + e); // sigma(-u)
            double f = u - a - tau * s;
            if (tol > 0 && Math.abs(f) <= tol) {
                return u;
            }
            if (f > 0) {
                hi = u;
            } else if (f < 0) {
                lo = u;
            } else {
                return u;
            }
            double scale = 1 + Math.abs(u);
            double step = f / (1 + tau * s * (1 - s));
            if (Math.abs(step) <= 1e-9 * scale) {
                // quadratic convergence: the Newton iterate is now accurate to rounding
                return u - step;
            }
            double next = u - step;
            if (Math.abs(f) > 0.5 * fPrev || !(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            fPrev = Math.abs(f);
            if (hi - lo <= 4e-16 * scale) {
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
