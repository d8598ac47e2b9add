package org.sparseattention.theory.capacity;

import org.sparseattention.theory.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.law.TiltedAttentionLaw;
import org.sparseattention.theory.law.TiltedAttentionLaw.Tilt;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.SampleStatistics;

class AttentionCapacityTest {

    private static AlignmentResult alignment(SparseTokenParameters p) {
        return new SparseTokenTheory(p, Losses.byName("logistic"), Fixtures.protocol(), 0.01,
                Fixtures.options(1)).alignment();
    }

    /**
     * The tilted law is unbiased: class-conditional averages of the attention summaries agree with
     * plain quasi-Monte Carlo (many points) within a few standard errors, even under a strong tilt.
     */
    @Test
    void tiltedLawKeepsTheAverages() {
        SparseTokenParameters p = new SparseTokenParameters(6, 1, 0.4, 4);
        Tilt strong = new Tilt(2.5, 1.5, 0.4, 3, 0.3, 0.25);
        int k = 8;
        double[][] tilted = new double[4][k];
        double[][] plain = new double[4][k];
        for (int r = 0; r < k; r++) {
            Mixture t = TiltedAttentionLaw.sample(p, 2.0, 0.9, 4096, strong, 11 + r).mixture();
            Mixture u = new AttentionLaw(p, 2.0, 0.9, 4096, 1, 101 + r).mixture(0);
            averages(t, tilted, r);
            averages(u, plain, r);
        }
        for (int q = 0; q < 4; q++) {
            double se = Math.hypot(SampleStatistics.standardError(tilted[q]), SampleStatistics.standardError(plain[q]));
            assertEquals(SampleStatistics.mean(plain[q]), SampleStatistics.mean(tilted[q]), 4 * se + 1e-4,
                    "average " + q);
        }
    }

    /** Per class (weights pi, 1 - pi): E[omega_q], E[rho]; the half realisation keeps the class weights. */
    private static void averages(Mixture m, double[][] out, int r) {
        double wp = 0;
        for (int a = 0; a < m.size(); a++) {
            int c = m.label(a) > 0 ? 0 : 2;
            out[c][r] += m.weight(a) * m.mean(a, 0);
            out[c + 1][r] += m.weight(a) * m.rho(a);
            if (m.label(a) > 0) {
                wp += m.weight(a);
            }
        }
        assertEquals(0.4, wp, 1e-12);
    }

    @Test
    void halfRealisationKeepsClassWeights() {
        SparseTokenParameters p = new SparseTokenParameters(5, 2, 0.3, 5);
        TiltedAttentionLaw.Sample s = TiltedAttentionLaw.sample(p, 3, 0.8, 256,
                new Tilt(2, 1, 0.2, 2.5, 0.2, 0.25), 3);
        Mixture h = s.half();
        assertEquals(s.mixture().size() / 2, h.size());
        double wp = 0;
        for (int a = 0; a < h.size(); a++) {
            wp += h.label(a) > 0 ? h.weight(a) : 0;
        }
        assertEquals(0.3, wp, 1e-12);
    }

    /**
     * A hard strong-signal cell (theta = 6, L = 2, where plain points at the defaults gave 337 +- 41):
     * the default estimate lies within its bar (plus the reference's) of a 16x-precision one, and the
     * bar is at most 0.5% of alpha*.
     */
    @Test
    void strongSignalCellAgreesWithSixteenTimesThePoints() {
        SparseTokenParameters p = new SparseTokenParameters(2, 1, 0.5, 6);
        AlignmentResult al = alignment(p);
        AttentionCapacity cap = new AttentionCapacity();
        CapacityResult def = cap.estimate(p, al.kappa(), al.cosQXi(), 512, 512 * 32, 0.004, 8, 1).result();
        CapacityResult ref = cap.estimate(p, al.kappa(), al.cosQXi(), 8192, 8192, 1e-9, 8, 2).result();
        assertTrue(def.alphaStarErr() <= 0.005 * def.alphaStar(), "bar " + def.alphaStarErr());
        assertEquals(ref.alphaStar(), def.alphaStar(), def.alphaStarErr() + ref.alphaStarErr(),
                "default " + def.alphaStar() + " +- " + def.alphaStarErr() + " vs " + ref.alphaStar() + " +- "
                        + ref.alphaStarErr());
        assertTrue(def.alphaStar() > 200 && def.alphaStar() < 250, "alpha* " + def.alphaStar());
    }

    /** At moderate signal plain quasi-Monte Carlo converges: the importance-sampled estimate agrees with it. */
    @Test
    void agreesWithPlainPointsAtModerateSignal() {
        SparseTokenParameters p = new SparseTokenParameters(10, 1, 0.5, 3);
        AlignmentResult al = alignment(p);
        CapacityResult is = new AttentionCapacity().estimate(p, al.kappa(), al.cosQXi(), 512, 512 * 32, 0.004, 8, 1)
                .result();
        AttentionLaw plain = new AttentionLaw(p, al.kappa(), al.cosQXi(), 8192, 8, 5);
        CapacitySolver solver = new CapacitySolver(1e-10, 100);
        double[] a = new double[8];
        for (int r = 0; r < 8; r++) {
            a[r] = 1 / solver.minimize(plain.mixture(r)).minimum();
        }
        double se = Math.hypot(is.alphaStarErr(), SampleStatistics.standardError(a));
        assertEquals(SampleStatistics.mean(a), is.alphaStar(), 3 * se,
                "importance-sampled " + is.alphaStar() + " +- " + is.alphaStarErr());
    }

    /** The default attention point is resolved to 0.5% (its bar includes the finite-point bias). */
    @Test
    void defaultPointWithinHalfPercent() {
        SparseTokenTheory t = new SparseTokenTheory(Fixtures.params(), Losses.byName("logistic"),
                Fixtures.protocol(), 0.01, Fixtures.options(1));
        CapacityResult c = t.capacity(Model.ATTENTION);
        assertTrue(Double.isFinite(c.alphaStar()) && c.alphaStarErr() <= 0.005 * c.alphaStar(),
                c.alphaStar() + " +- " + c.alphaStarErr());
        assertEquals(22.45, c.alphaStar(), 0.3);
    }

    /**
     * A cell of the 30 x 30 attention grid ({@code theta = 8 * 5/29}, {@code L = 42}, the command line's defaults
     * otherwise) whose Newton minimisation once crawled through 100 steps on the objective's rounding noise
     * (gradient stuck at 1.1e-7) and failed the whole grid: it converges, to a finite {@code alpha*} within the
     * grid's 0.8% target.
     */
    @Test
    void gridCellAtTheRoundingFloorConverges() {
        SparseTokenTheory t = new SparseTokenTheory(new SparseTokenParameters(42, 1, 0.5, 8.0 * 5 / 29),
                Losses.byName("logistic"), Fixtures.protocol(), 0.01, Fixtures.options(1));
        CapacityResult r = t.capacity(Model.ATTENTION, 0.008);
        assertTrue(Double.isFinite(r.alphaStar()) && r.alphaStar() > 2, "alpha* " + r.alphaStar());
        assertTrue(r.alphaStarErr() <= 0.008 * r.alphaStar() * (1 + 1e-9), "bar " + r.alphaStarErr());
    }
}
