package org.sparseattention.theory.capacity;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.Gaussian;

class CapacityTest {

    private static SparseTokenTheory theory(SparseTokenParameters p) {
        return new SparseTokenTheory(p, Losses.byName("logistic"), Fixtures.protocol(), 0.01,
                Fixtures.options(3));
    }

    @Test
    void coverAtZeroSignal() {
        SparseTokenTheory t = theory(new SparseTokenParameters(10, 1, 0.5, 0));
        assertEquals(2, t.capacity(Model.POOLED).alphaStar(), 1e-9);
        assertEquals(20, t.capacity(Model.VECTORIZED).alphaStar(), 1e-8);
        CapacityResult att = t.capacity(Model.ATTENTION);
        assertEquals(2, att.alphaStar(), 3 * att.alphaStarErr() + 0.02);
    }

    @Test
    void vectorizedIsLTimesPooled() {
        for (int L : new int[] {3, 10, 25}) {
            SparseTokenTheory t = theory(new SparseTokenParameters(L, 2, 0.3, 4));
            assertEquals(L * t.capacity(Model.POOLED).alphaStar(), t.capacity(Model.VECTORIZED).alphaStar(),
                    1e-7 * L);
        }
    }

    @Test
    void pooledCapacityGrowsWithSignal() {
        double prev = 2;
        for (double theta : new double[] {1, 3, 5, 8}) {
            double a = theory(new SparseTokenParameters(10, 1, 0.5, theta)).capacity(Model.POOLED).alphaStar();
            assertTrue(a > prev, "alpha* should grow with theta: " + a + " after " + prev);
            prev = a;
        }
    }

    /**
     * Section 7's folded attention summand (1 + m_p^2) psi(k'/sqrt(1 + m_p^2)) against a direct Monte
     * Carlo average of psi over the t of omega_p, at a point with m_p != 0 (Cover's check has m_p = 0).
     */
    @Test
    void foldedAttentionSummandMatchesMonteCarloOverT() {
        SparseTokenParameters p = Fixtures.params();
        Mixture mix = new AttentionLaw(p, 1.8, 0.95, 64, 2, 5).mixture(0);
        double mq = 0.7;
        double mp = 1.3;
        double b = -1.1;
        double folded = new CapacitySolver(1e-10, 50).evaluate(mix, new double[] {mq, mp, b}, null, null);
        Well19937c rng = new Well19937c(11);
        int draws = 20000;
        double direct = 0;
        double var = 0;
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < draws; i++) {
                double omegaP = mix.mean(a, 1) + Math.sqrt(rho) * rng.nextGaussian();
                double k = -y * (mq * mix.mean(a, 0) + mp * omegaP + b) / Math.sqrt(rho);
                double v = Gaussian.psi(k);
                s += v;
                s2 += v * v;
            }
            double mean = s / draws;
            direct += mix.weight(a) * mean;
            var += mix.weight(a) * mix.weight(a) * (s2 / draws - mean * mean) / draws;
        }
        double err = Math.sqrt(var);
        assertEquals(direct, folded, 4 * err);
        assertTrue(err < 0.01 * folded);
        // and psi(k) itself: E_z (k - z)_+^2 against quadrature at one k
        assertEquals(Gaussian.psi(0), 0.5, 1e-15);
    }

    /** Where the atoms are separable along omega the infimum is at infinity and alpha* is reported infinite. */
    @Test
    void separableAtomsGiveInfiniteCapacity() {
        Mixture separated = new Mixture(1, new double[] {0.5, 0.5}, new double[] {1, -1}, new double[] {1, 1},
                new double[] {1, -1}, new double[] {0, 0});
        CapacitySolver cs = new CapacitySolver(1e-10, 200);
        assertTrue(cs.minimize(separated).unbounded());
        assertEquals(Double.POSITIVE_INFINITY, cs.alphaStar(separated, 1));
        Mixture noisy = new Mixture(1, new double[] {0.5, 0.5}, new double[] {1, -1}, new double[] {1, 1},
                new double[] {1, -1}, new double[] {1, 1});
        double a = cs.alphaStar(noisy, 1);
        assertTrue(a > 2 && Double.isFinite(a));
    }

    @Test
    void gradientAndHessianMatchFiniteDifferences() {
        Mixture mix = new AttentionLaw(Fixtures.params(), 1.8, 0.9, 64, 2, 3).mixture(1);
        CapacitySolver cs = new CapacitySolver(1e-10, 50);
        double[] x = {0.3, -0.4, 0.2};
        double[] g = new double[3];
        double[][] h = new double[3][3];
        cs.evaluate(mix, x, g, h);
        for (int i = 0; i < 3; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += 1e-6;
            xm[i] -= 1e-6;
            double[] gp = new double[3];
            double[] gm = new double[3];
            double[][] tmp = new double[3][3];
            double fp = cs.evaluate(mix, xp, gp, tmp);
            double fm = cs.evaluate(mix, xm, gm, tmp);
            assertEquals((fp - fm) / 2e-6, g[i], 1e-7);
            for (int j = 0; j < 3; j++) {
                assertEquals((gp[j] - gm[j]) / 2e-6, h[j][i], 1e-6);
            }
        }
    }

    /**
     * Asked for an unreachable gradient (tolerance 0) on a large atom set, Newton's method stops where its decrement
     * is at the rounding level of the objective (a sum over 32,768 atoms) and returns that minimum, not an error
     * after crawling through its iteration limit on rounding noise; the minimum is the one a reachable tolerance
     * gives, to 1e-12.
     */
    @Test
    void largeAtomSetsStopAtTheRoundingFloor() {
        Mixture mix = new AttentionLaw(Fixtures.params(), 1.8, 0.95, 16384, 1, 5).mixture(0);
        CapacitySolver.Minimum reachable = new CapacitySolver(1e-9, 100).minimize(mix);
        CapacitySolver.Minimum floor = new CapacitySolver(0, 100).minimize(mix);
        assertTrue(floor.iterations() < 100, "stopped at the floor after " + floor.iterations() + " iterations");
        assertEquals(reachable.minimum(), floor.minimum(), 1e-12 * reachable.minimum());
        assertTrue(floor.gradientNorm() < 1e-6, "gradient " + floor.gradientNorm());
    }
}
