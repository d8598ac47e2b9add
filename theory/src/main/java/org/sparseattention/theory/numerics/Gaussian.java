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

    /** Inverse of {@link #cdf} on (0,1). */
    public static double inverseCdf(double p) {
        return SQRT_2 * Erf.erfInv(2 * p - 1);
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
