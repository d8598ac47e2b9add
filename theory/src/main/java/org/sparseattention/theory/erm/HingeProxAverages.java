package org.sparseattention.theory.erm;

import org.sparseattention.theory.numerics.Gaussian;

/**
 * Hinge loss, in the margin variable {@code u = y h_c ~ N(a, s^2)}, {@code a = y mu}: for
 * {@code u < 1 - tau}, {@code g = y}, {@code dh = 1}, loss {@code 1 - tau - u}; on
 * {@code [1 - tau, 1]}, {@code g = y (1 - u)/tau}, {@code dh = 0}, loss 0; above 1, {@code g = 0}.
 * The averages are truncated Gaussian moments in {@code Phi} and {@code phi}.
 */
final class HingeProxAverages implements ProxAverages {

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        double a = y * mu;
        if (!(sd > 1e-300)) {
            double u = a;
            boolean lower = u < 1 - tau;
            boolean middle = !lower && u <= 1;
            out[0] = lower ? y : middle ? y * (1 - u) / tau : 0;
            out[1] = lower ? 1 : middle ? (1 - u) * (1 - u) / (tau * tau) : 0;
            out[2] = middle ? 1 : 0;
            if (out.length > EQUATIONS) {
                out[3] = lower ? 1 - tau - u : 0;
            }
            return;
        }
        double t1 = (1 - tau - a) / sd; // standardised end of the lower piece
        double t2 = (1 - a) / sd;       // standardised end of the middle piece
        double c1 = Gaussian.cdf(t1);
        double c2 = Gaussian.cdf(t2);
        double p1 = Gaussian.pdf(t1);
        double p2 = Gaussian.pdf(t2);
        // lower piece moments of t = (u - a)/sd on (-inf, t1)
        double lowerM1 = -p1;
        // middle piece on (t1, t2): P, E[t 1], E[t^2 1]
        double pm = c2 - c1;
        double m1 = p1 - p2;
        double m2 = pm + t1 * p1 - t2 * p2;
        double base = 1 - a; // 1 - u = base - sd t
        double e1 = base * pm - sd * m1;
        double e2 = base * base * pm - 2 * base * sd * m1 + sd * sd * m2;
        out[0] = y * (c1 + e1 / tau);
        out[1] = c1 + e2 / (tau * tau);
        out[2] = pm;
        // E[(1 - tau - u) 1{u < 1 - tau}] = (1 - tau - a) c1 - sd E[t 1{t < t1}]
        if (out.length > EQUATIONS) {
            out[3] = (1 - tau - a) * c1 - sd * lowerM1;
        }
    }

    /** {@code y h < 0} iff {@code u < -tau} (the lower piece maps {@code u} to {@code u + tau}). */
    @Override
    public double trainError(double y, double mu, double sd, double tau) {
        return SquareProxAverages.tail(-tau - y * mu, sd);
    }
}
