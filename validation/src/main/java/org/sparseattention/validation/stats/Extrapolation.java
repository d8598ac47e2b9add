package org.sparseattention.validation.stats;

import org.hipparchus.distribution.continuous.ChiSquaredDistribution;

/**
 * Extrapolation of simulation means to {@code d -> infinity}: the weighted least-squares fit
 * {@code sim_mean(d) - theory = e + c/d} over the dimensions of one point, weights
 * {@code 1/sim_stderr^2} (docs/cli.md, section validate). The standard error of {@code e} is that
 * of a linear combination of independent means, with Welch-Satterthwaite degrees of freedom
 * (each mean's standard error is estimated from {@code trials - 1} degrees of freedom; the
 * theory's bar is exact).
 *
 * @param gap        extrapolated gap {@code e} (simulation minus theory at {@code d -> infinity})
 * @param gapErr     standard error of {@code e} from the simulation alone
 * @param c          fitted finite-size coefficient {@code c}
 * @param cErr       its standard error
 * @param sigma      combined error {@code sqrt(gapErr^2 + theoryErr^2)}
 * @param dof        degrees of freedom of {@code sigma} (infinite when only the theory's bar remains)
 * @param chi2       goodness-of-fit chi-square of the fit (residuals in units of the standard errors)
 * @param chi2Dof    its degrees of freedom (number of dimensions minus 2; 0 means the fit is exact)
 * @param dims       number of distinct dimensions
 * @param varianceDof smallest {@code trials - 1} of the points
 */
public record Extrapolation(double gap, double gapErr, double c, double cErr, double sigma, double dof, double chi2,
                            int chi2Dof, int dims, int varianceDof) {

    /** {@code e / sigma}; 0 when both vanish. */
    public double z() {
        if (sigma == 0) {
            return gap == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, gap);
        }
        return gap / sigma;
    }

    /**
     * Goodness-of-fit p-value {@code P(chi2_k > chi2)}, with the chi-square scaled by
     * {@code (nu - 2)/nu} for standard errors estimated with {@code nu} degrees of freedom
     * (the mean square of a Student-t variable is {@code nu/(nu - 2)}); NaN without residual
     * degrees of freedom.
     */
    public double gofP() {
        if (chi2Dof < 1 || !Double.isFinite(chi2)) {
            return Double.NaN;
        }
        double scale = varianceDof > 2 ? (varianceDof - 2.0) / varianceDof : 1;
        return 1 - new ChiSquaredDistribution(chi2Dof).cumulativeProbability(chi2 * scale);
    }

    /**
     * Fits {@code e} and {@code c}.
     *
     * @param d         dimensions (at least two distinct values)
     * @param gap       {@code sim_mean - theory} at each dimension
     * @param stderr    standard error of each mean
     * @param trials    trials at each dimension (at least 2)
     * @param theoryErr the theory value's numerical error bar
     * @throws IllegalArgumentException with fewer than two distinct dimensions
     */
    public static Extrapolation fit(int[] d, double[] gap, double[] stderr, int[] trials, double theoryErr) {
        int n = d.length;
        if (gap.length != n || stderr.length != n || trials.length != n) {
            throw new IllegalArgumentException("d, gap, stderr and trials must have the same length");
        }
        int distinct = (int) java.util.Arrays.stream(d).distinct().count();
        if (distinct < 2) {
            throw new IllegalArgumentException("the extrapolation in 1/d needs at least two distinct d");
        }
        int minDof = Integer.MAX_VALUE;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            if (trials[i] < 2 || !(stderr[i] >= 0) || !Double.isFinite(stderr[i])) {
                throw new IllegalArgumentException("each point needs at least 2 trials and a finite standard error");
            }
            minDof = Math.min(minDof, trials[i] - 1);
            scale = Math.max(scale, Math.max(stderr[i], Math.abs(gap[i])));
        }
        // a standard error of exactly zero (a constant quantity) gets a tiny floor so the fit stays defined
        double floor = Math.max(scale, Double.MIN_NORMAL) * 1e-12;
        double[] se = new double[n];
        for (int i = 0; i < n; i++) {
            se[i] = Math.max(stderr[i], floor);
        }
        double s = 0;
        double sx = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double w = 1 / (se[i] * se[i]);
            double x = 1.0 / d[i];
            s += w;
            sx += w * x;
            sxx += w * x * x;
        }
        double det = s * sxx - sx * sx;
        double e = 0;
        double c = 0;
        double varE = 0;
        double varC = 0;
        double satterthwaite = 0;
        for (int i = 0; i < n; i++) {
            double w = 1 / (se[i] * se[i]);
            double x = 1.0 / d[i];
            double ae = w * (sxx - sx * x) / det;
            double ac = w * (s * x - sx) / det;
            e += ae * gap[i];
            c += ac * gap[i];
            double ve = ae * ae * stderr[i] * stderr[i];
            varE += ve;
            varC += ac * ac * stderr[i] * stderr[i];
            satterthwaite += ve * ve / (trials[i] - 1);
        }
        double chi2 = 0;
        for (int i = 0; i < n; i++) {
            double r = (gap[i] - e - c / d[i]) / se[i];
            chi2 += r * r;
        }
        double total = varE + theoryErr * theoryErr;
        double nu = satterthwaite == 0 ? Double.POSITIVE_INFINITY : total * total / satterthwaite;
        return new Extrapolation(e, Math.sqrt(varE), c, Math.sqrt(varC), Math.sqrt(total), nu, chi2, n - 2, distinct,
                minDof);
    }
}
