package org.sparseattention.theory.erm;

/**
 * Minimum-norm interpolation (square loss, {@code lambda -> 0}, {@code alpha < gamma}): the
 * constraint {@code h = y} gives {@code g = (y - h_c)/tau}, {@code dh = 0}, loss 0 and no training error.
 */
final class InterpolationAverages implements ProxAverages {

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        double r = y - mu;
        out[0] = r / tau;
        out[1] = (r * r + sd * sd) / (tau * tau);
        out[2] = 1;
        if (out.length > EQUATIONS) {
            out[3] = 0;
        }
    }

    @Override
    public double trainError(double y, double mu, double sd, double tau) {
        return 0;
    }
}
