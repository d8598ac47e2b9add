package org.sparseattention.validation.stats;

/**
 * Weighted least-squares fit of the finite-size bias {@code gap ~ c / d} (a line through the
 * origin in {@code 1/d}), weights {@code 1/sigma^2}.
 *
 * @param c          fitted coefficient
 * @param cErr       its standard error {@code 1/sqrt(sum w x^2)}
 * @param chi2PerDof reduced chi-square of the fit (NaN with a single point)
 * @param points     number of points used
 */
public record InverseSizeFit(double c, double cErr, double chi2PerDof, int points) {

    /**
     * Fits {@code gap_i = c / d_i}; points with a non-finite gap or non-positive sigma are skipped.
     *
     * @param d     dimensions
     * @param gap   gaps {@code sim_mean - theory}
     * @param sigma one standard error of each gap
     * @return the fit; NaN coefficients when no point is usable
     */
    public static InverseSizeFit fit(double[] d, double[] gap, double[] sigma) {
        if (d.length != gap.length || d.length != sigma.length) {
            throw new IllegalArgumentException("d, gap and sigma must have the same length");
        }
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (int i = 0; i < d.length; i++) {
            if (usable(d[i], gap[i], sigma[i])) {
                double w = 1 / (sigma[i] * sigma[i]);
                double x = 1 / d[i];
                sxx += w * x * x;
                sxy += w * x * gap[i];
                n++;
            }
        }
        if (n == 0) {
            return new InverseSizeFit(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        double c = sxy / sxx;
        double chi2 = 0;
        for (int i = 0; i < d.length; i++) {
            if (usable(d[i], gap[i], sigma[i])) {
                double r = (gap[i] - c / d[i]) / sigma[i];
                chi2 += r * r;
            }
        }
        return new InverseSizeFit(c, 1 / Math.sqrt(sxx), n > 1 ? chi2 / (n - 1) : Double.NaN, n);
    }

    private static boolean usable(double d, double gap, double sigma) {
        return d > 0 && Double.isFinite(gap) && sigma > 0 && Double.isFinite(sigma);
    }
}
