package org.sparseattention.theory.erm;

import org.sparseattention.theory.numerics.Gaussian;

/**
 * Hard-margin classifier (hinge or logistic, {@code lambda -> 0}, {@code alpha < alpha*}): the
 * constraint {@code y h >= 1} projects {@code u = y h_c ~ N(a, sd^2)} to {@code max(u, 1)}, so
 * {@code g = y (1 - u)_+ / tau}, {@code dh = 1{u > 1}}, loss 0 and no training error. With
 * {@code t = (1 - a)/sd}: {@code E(1-u)_+ = (1-a) Phi(t) + sd phi(t)},
 * {@code E(1-u)_+^2 = ((1-a)^2 + sd^2) Phi(t) + (1-a) sd phi(t)}, {@code E[1 - dh] = Phi(t)}.
 */
final class MaxMarginAverages implements ProxAverages {

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        double base = 1 - y * mu;
        double e1;
        double e2;
        double p;
        if (sd > 1e-300) {
            double t = base / sd;
            p = Gaussian.cdf(t);
            double d = Gaussian.pdf(t);
            e1 = base * p + sd * d;
            e2 = (base * base + sd * sd) * p + base * sd * d;
        } else {
            p = base > 0 ? 1 : 0;
            e1 = p * base;
            e2 = p * base * base;
        }
        out[0] = y * e1 / tau;
        out[1] = e2 / (tau * tau);
        out[2] = p;
        if (out.length > EQUATIONS) {
            out[3] = 0;
        }
    }

    @Override
    public double trainError(double y, double mu, double sd, double tau) {
        return 0;
    }
}
