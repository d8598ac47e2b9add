package org.sparseattention.theory.numerics;

import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/** Standard normal density and distribution function, and the moments of truncated pieces. */
public final class Gaussian {
    private static final double INV_SQRT_2PI = 1 / FastMath.sqrt(2 * FastMath.PI);
    private static final double SQRT_2 = FastMath.sqrt(2);

    private Gaussian() {
    }

    /**
     * {@code phi(x) = exp(-x^2/2)/sqrt(2 pi)}. {@link Math#exp} (a JIT intrinsic, within 1 ulp) rather
     * than the pure-Java {@code FastMath.exp}: this is the innermost call of the logistic averages.
     */
    public static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * {@code Phi(x)}, accurate in both tails: {@code Phi(-|x|) = M(|x|) phi(x)} with the Mills ratio
     * {@code M(u) = Phi(-u)/phi(u)} evaluated by its Taylor series about the nearest node of a
     * table (spacing 1/16, nodes computed once through {@code erfc}). The series follows from
     * {@code M' = u M - 1}: with {@code M(u0 + t) = sum c_n t^n}, {@code c_1 = u0 c_0 - 1} and
     * {@code (n + 1) c_{n+1} = u0 c_n + c_{n-1}}. Relative error about {@code 1e-14} in the lower tail.
     */
    public static double cdf(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double u = FastMath.abs(x);
        double lower;
        if (u >= MILLS_MAX) {
            lower = 0;
        } else {
            int i = (int) (u * MILLS_STEPS + 0.5);
            double t = u - i / (double) MILLS_STEPS;
            int o = i * MILLS_TERMS;
            double m = MILLS[o + MILLS_TERMS - 1];
            for (int n = MILLS_TERMS - 2; n >= 0; n--) {
                m = m * t + MILLS[o + n];
            }
            lower = m * pdf(u);
        }
        return x <= 0 ? lower : 1 - lower;
    }

    /** Reference {@code Phi(x)} through Hipparchus's {@code erfc} (slow; used to build the table and in tests). */
    public static double cdfReference(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return 0.5 * Erf.erfc(-x / SQRT_2);
    }

    /** Beyond this {@code |x|}, {@code Phi(-|x|)} underflows. */
    private static final double MILLS_MAX = 38.5;
    private static final int MILLS_STEPS = 16;
    private static final int MILLS_TERMS = 12;
    private static final double[] MILLS = millsTable();

    private static double[] millsTable() {
        int nodes = (int) (MILLS_MAX * MILLS_STEPS) + 2;
        double[] c = new double[nodes * MILLS_TERMS];
        for (int i = 0; i < nodes; i++) {
            double u0 = i / (double) MILLS_STEPS;
            int o = i * MILLS_TERMS;
            // M(u0) = Phi(-u0)/phi(u0); erfc keeps full relative precision in the tail, and the
            // asymptotic series takes over where phi(u0) underflows
            double ratio = u0 < 37 ? 0.5 * Erf.erfc(u0 / SQRT_2) / pdf(u0) : millsAsymptotic(u0);
            c[o] = ratio;
            c[o + 1] = u0 * ratio - 1;
            for (int n = 1; n < MILLS_TERMS - 1; n++) {
                c[o + n + 1] = (u0 * c[o + n] + c[o + n - 1]) / (n + 1);
            }
        }
        return c;
    }

    /** Continued fraction of the Mills ratio for large {@code u}: {@code 1/(u + 1/(u + 2/(u + 3/(u + ...)))}. */
    private static double millsAsymptotic(double u) {
        double f = u;
        for (int k = 60; k >= 1; k--) {
            f = u + k / f;
        }
        return 1 / f;
    }

    /**
     * Standard normal quantile {@code Phi^{-1}(p)} for {@code p} in {@code (0, 1)}: Wichura's rational
     * approximations (Algorithm AS 241, Applied Statistics 37, 1988; relative accuracy about
     * {@code 1e-16}), computed from {@code min(p, 1 - p)} so that the lower tail keeps full relative
     * precision (unlike {@code sqrt(2) erfinv(2p - 1)}, which loses it below {@code p ~ 1e-8}). A small
     * kernel of ours: it is called for every coordinate of every quasi-Monte Carlo point.
     * {@code 0} and {@code 1} give {@code -Infinity} and {@code +Infinity}; NaN outside.
     */
    public static double inverseCdf(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2509.0809287301226727 * r + 33430.575583588128105) * r + 67265.770927008700853) * r
                    + 45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r
                    + 133.14166789178437745) * r + 3.3871328727963666080)
                    / (((((((5226.4952788528545610 * r + 28729.085735721942674) * r + 39307.895800092710610) * r
                    + 21213.794301586595867) * r + 5394.1960214247511077) * r + 687.18700749205790830) * r
                    + 42.313330701600911252) * r + 1);
        }
        double tail = q < 0 ? p : 1 - p;
        if (tail == 0) {
            return q < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double r = Math.sqrt(-Math.log(tail));
        double x;
        if (r <= 5) {
            r -= 1.6;
            x = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
                    + 1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.76949722146069140550) * r
                    + 4.63033784615654529590) * r + 1.42343711074968357734)
                    / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
                    + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940) * r
                    + 2.05319162663775882187) * r + 1);
        } else {
            r -= 5;
            x = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
                    + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580) * r
                    + 5.46378491116411436990) * r + 6.65790464350110377720)
                    / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
                    + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                    + 5.99832206555887937690e-1) * r + 1);
        }
        return q < 0 ? -x : x;
    }

    /**
     * {@code psi(k) = E_z[(k - z)_+^2] = (1 + k^2) Phi(k) + k phi(k)} (docs/theory.md section 7).
     */
    public static double psi(double k) {
        return (1 + k * k) * cdf(k) + k * pdf(k);
    }

    /** {@code psi'(k) = 2 (k Phi(k) + phi(k))}. */
    public static double psiPrime(double k) {
        return 2 * (k * cdf(k) + pdf(k));
    }
}
