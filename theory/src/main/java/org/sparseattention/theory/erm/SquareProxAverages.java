package org.sparseattention.theory.erm;

import org.sparseattention.theory.numerics.Gaussian;

/**
 * Square loss: {@code h = (h_c + tau y)/(1 + tau)}, {@code g = (y - h_c)/(1 + tau)},
 * {@code dh = 1/(1 + tau)}, all Gaussian averages in closed form.
 */
final class SquareProxAverages implements ProxAverages {

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        double k = 1 / (1 + tau);
        double r = y - mu;
        double r2 = r * r + sd * sd;
        out[0] = k * r;
        out[1] = k * k * r2;
        out[2] = tau * k;
        // y - h = (y - h_c)/(1 + tau)
        if (out.length > EQUATIONS) {
            out[3] = 0.5 * k * k * r2;
        }
    }

    /** {@code y h < 0} iff {@code y h_c < -tau}. */
    @Override
    public double trainError(double y, double mu, double sd, double tau) {
        return tail(-tau - y * mu, sd);
    }

    /** {@code P(N(0, sd^2) < x)}, also for {@code sd = 0}. */
    static double tail(double x, double sd) {
        return sd > 1e-300 ? Gaussian.cdf(x / sd) : x > 0 ? 1 : 0;
    }
}
