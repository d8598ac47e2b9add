package org.sparseattention.theory.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GaussianTest {

    /** The tabulated Mills-ratio series against Hipparchus's erfc, relative in the lower tail. */
    @Test
    void cdfMatchesErfcToRoundingInBothTails() {
        double worstRel = 0;
        double worstAbs = 0;
        for (int i = 0; i <= 200_000; i++) {
            double x = -38 + 76.0 * i / 200_000;
            double f = Gaussian.cdf(x);
            double g = Gaussian.cdfReference(x);
            worstAbs = Math.max(worstAbs, Math.abs(f - g));
            if (x <= 0 && g > 1e-300) {
                worstRel = Math.max(worstRel, Math.abs(f - g) / g);
            }
        }
        assertTrue(worstRel < 1e-12, "worst relative error in the lower tail " + worstRel);
        assertTrue(worstAbs < 1e-15, "worst absolute error " + worstAbs);
    }

    /** Independent facts: Phi(0) = 1/2, symmetry, tabulated tail values, limits. */
    @Test
    void cdfKnownValues() {
        assertEquals(0.5, Gaussian.cdf(0), 0);
        assertEquals(0.15865525393145705, Gaussian.cdf(-1), 1e-16);
        assertEquals(6.220960574271785e-16, Gaussian.cdf(-8), 1e-28);
        assertEquals(7.619853024160527e-24, Gaussian.cdf(-10), 1e-36);
        for (double x : new double[] {0.3, 1.7, 4.2, 9}) {
            assertEquals(1, Gaussian.cdf(x) + Gaussian.cdf(-x), 2e-16);
        }
        assertEquals(0, Gaussian.cdf(-50), 0);
        assertEquals(1, Gaussian.cdf(50), 0);
        assertTrue(Double.isNaN(Gaussian.cdf(Double.NaN)));
    }
}
