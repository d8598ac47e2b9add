package org.sparseattention.theory.numerics;

import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/** Standard normal density and distribution function, and the moments of truncated pieces. */
public final class Gaussian {
    private static final double INV_SQRT_2PI = 1 / FastMath.sqrt(2 * FastMath.PI);
    private static final double SQRT_2 = FastMath.sqrt(2);

    private Gaussian() {
    }

    /** {@code phi(x) = exp(-x^2/2)/sqrt(2 pi)}. */
    public static double pdf(double x) {
        return INV_SQRT_2PI * FastMath.exp(-0.5 * x * x);
    }

    /** {@code Phi(x)}, accurate in both tails (through {@code erfc}). */
    public static double cdf(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return 0.5 * Erf.erfc(-x / SQRT_2);
    }

    /** Inverse of {@link #cdf} on (0,1). */
    public static double inverseCdf(double p) {
        return SQRT_2 * Erf.erfInv(2 * p - 1);
    }

    /**
     * {@code psi(k) = E_z[(k - z)_+^2] = (1 + k^2) Phi(k) + k phi(k)} (THEORY.md section 7).
     */
    public static double psi(double k) {
        return (1 + k * k) * cdf(k) + k * pdf(k);
    }

    /** {@code psi'(k) = 2 (k Phi(k) + phi(k))}. */
    public static double psiPrime(double k) {
        return 2 * (k * cdf(k) + pdf(k));
    }
}
