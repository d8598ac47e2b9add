package org.sparseattention.theory.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

/** {@link Gaussian#inverseCdf} against Hipparchus's erfinv, the cdf round trip and tabulated quantiles. */
class GaussianQuantileTest {

    @Test
    void agreesWithErfInvWhereThatIsAccurate() {
        // sqrt(2) erfinv(2p - 1) carries the rounding of 2p - 1: an absolute error of about 1e-16/p in p
        for (double p = 1e-6; p < 1; p += 1.3e-3) {
            double ref = Math.sqrt(2) * Erf.erfInv(2 * p - 1);
            double dp = 2e-16 / Math.min(p, 1 - p) / Gaussian.pdf(ref) * Math.min(p, 1 - p);
            assertEquals(ref, Gaussian.inverseCdf(p), 1e-14 * (1 + Math.abs(ref)) + dp, "p=" + p);
        }
    }

    @Test
    void invertsTheCdfToRelativePrecisionDeepInBothTails() {
        for (double p : new double[] {1e-300, 1e-200, 1e-100, 1e-40, 1e-20, 1e-12, 0.5 / (1L << 40), 1e-5, 0.02, 0.07,
                0.075, 0.0751, 0.3, 0.5, 0.6, 0.925, 0.93, 0.99, 1 - 1e-9}) {
            double x = Gaussian.inverseCdf(p);
            // dPhi/Phi = (phi/Phi) dx ~ |x| dx and dx ~ 1e-16 |x|: relative 1e-16 x^2
            assertEquals(p, Gaussian.cdf(x), (2e-14 + 4e-16 * x * x) * p, "lower p=" + p);
            // symmetry: Phi^{-1}(1 - p) = -Phi^{-1}(p) where 1 - p is exact
            if (p >= 0.25) {
                assertEquals(-x, Gaussian.inverseCdf(1 - p), 1e-15, "symmetry p=" + p);
            }
        }
    }

    @Test
    void tabulatedQuantilesAndEnds() {
        assertEquals(0, Gaussian.inverseCdf(0.5), 0);
        assertEquals(1.959963984540054, Gaussian.inverseCdf(0.975), 1e-15);
        assertEquals(-2.326347874040841, Gaussian.inverseCdf(0.01), 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, Gaussian.inverseCdf(0), 0);
        assertEquals(Double.POSITIVE_INFINITY, Gaussian.inverseCdf(1), 0);
        assertTrue(Double.isNaN(Gaussian.inverseCdf(1.5)));
        assertTrue(Double.isNaN(Gaussian.inverseCdf(Double.NaN)));
    }
}
