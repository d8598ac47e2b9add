package org.sparseattention.theory.capacity;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.law.TiltedAttentionLaw;
import org.sparseattention.theory.law.TiltedAttentionLaw.Tilt;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.SampleStatistics;

/**
 * The sampling proposal of the attention law used by the ERM theory (docs/theory.md section 5). At
 * strong signal the test error and the fixed-point averages live on rare events (attention missing
 * the signal, a noise token beating it), which the importance-sampling proposal of
 * {@link AttentionCapacity} (cross-entropy shifts, here with a defensive fraction of one half)
 * samples more often; elsewhere it only adds weight variance. The choice is made on the law alone:
 * the spread over randomizations of a proxy test error, that of the capacity's minimiser
 * {@code (m, b)} ({@code E Phi(-y(<m, mean> + b)/sqrt(m_p^2 rho))}), under both proposals, each over
 * {@link #PROXY_RANDOMIZATIONS} randomizations of {@link #PROXY_POINTS} points of its own; the tilted
 * proposal is kept if its spread is below {@link #KEEP_RATIO} of the plain one. Either choice is an
 * unbiased estimator whose error bars are measured the same way; but plain points that seldom reach the
 * rare events make skewed estimates whose spread over a few randomizations understates the error, so the
 * tilt is kept whenever it is clearly better. Measured at the defaults, seeds 1-10: ratios 0.25 ... 0.52;
 * with the former comparison (the estimate's own 8 randomizations, bound 0.6) 0.36 ... 0.71, so plain points
 * were kept at some seeds, and there the default curve lay up to 4 of its bars below a 16 times finer one.
 */
public final class AttentionProposal {
    /** Defensive (unshifted) fraction of the tilted proposal. */
    static final double DEFENSIVE = 0.5;
    /** Largest ratio of proxy spreads (tilted / plain) at which the tilted proposal is used. */
    public static final double KEEP_RATIO = 0.8;
    /** Randomizations of each proposal whose proxy spreads are compared. */
    static final int PROXY_RANDOMIZATIONS = 32;
    /** Points per class of the proxy laws (at most the estimate's). */
    static final int PROXY_POINTS = 256;
    /** Offset of the proxy laws' seed from the estimate's. */
    private static final long PROXY_SEED_OFFSET = 500_000L;

    private AttentionProposal() {
    }

    /**
     * The chosen proposal and the measured ratio.
     *
     * @param law   the law drawn from it
     * @param tilt  the proposal ({@link Tilt#none()} for plain quasi-Monte Carlo)
     * @param ratio spread of the proxy under the tilted proposal over that under the plain one
     *              (NaN where no comparison was possible)
     */
    public record Choice(AttentionLaw law, Tilt tilt, double ratio) {
    }

    /**
     * Chooses between plain points and the tilted proposal for the law with {@code (kappa, s)}, given
     * the plain law that would be used ({@code K >= 2} randomizations); the tilted candidate is built
     * with the same sizes and seed.
     */
    public static Choice choose(SparseTokenParameters p, double kappa, double s, AttentionLaw plain, int points,
                                long seed) {
        int k = plain.randomizations();
        if (plain.exact() || k < 2 || p.R() >= p.L()) {
            return new Choice(plain, Tilt.none(), Double.NaN);
        }
        CapacitySolver solver = new CapacitySolver(1e-10, 100);
        CapacitySolver.Minimum min = solver.minimize(plain.mixture(0));
        if (min.unbounded()) {
            return new Choice(plain, Tilt.none(), Double.NaN);
        }
        Tilt t0 = new AttentionCapacity().adapt(p, kappa, s, seed);
        Tilt tilt = new Tilt(t0.a(), t0.b(), t0.bAll(), t0.c(), t0.cAll(), DEFENSIVE);
        // the spreads from laws of their own (seeds apart from the estimate's), with more randomizations than
        // the estimate: K = 8 spreads decided the choice by chance where the two are close
        int n = FastMath.min(points, PROXY_POINTS);
        long proxySeed = seed * 1_000_003L + PROXY_SEED_OFFSET;
        AttentionLaw plainProxy = new AttentionLaw(p, kappa, s, n, PROXY_RANDOMIZATIONS, proxySeed);
        AttentionLaw tiltedProxy = new AttentionLaw(p, kappa, s, n, PROXY_RANDOMIZATIONS, proxySeed, tilt);
        double[] a = new double[PROXY_RANDOMIZATIONS];
        double[] b = new double[PROXY_RANDOMIZATIONS];
        for (int r = 0; r < PROXY_RANDOMIZATIONS; r++) {
            a[r] = proxyError(plainProxy.mixture(r), min.x());
            b[r] = proxyError(tiltedProxy.mixture(r), min.x());
        }
        double sa = SampleStatistics.standardError(a);
        double sb = SampleStatistics.standardError(b);
        double ratio = sa > 0 ? sb / sa : Double.NaN;
        // the tilted law of the estimate is drawn only when it is kept
        return ratio < KEEP_RATIO ? new Choice(new AttentionLaw(p, kappa, s, points, k, seed, tilt), tilt, ratio)
                : new Choice(plain, Tilt.none(), ratio);
    }

    /** {@code E Phi(-y(<m, mean> + b)/sqrt(m_p^2 rho))} over the atoms: the test error of {@code x = (m_q, m_p, b)}. */
    static double proxyError(Mixture mix, double[] x) {
        double e = 0;
        for (int i = 0; i < mix.size(); i++) {
            double mu = x[0] * mix.mean(i, 0) + x[1] * mix.mean(i, 1) + x[2];
            double sd = FastMath.sqrt(x[0] * x[0] * mix.noise(i, 0) + x[1] * x[1] * mix.noise(i, 1));
            e += mix.weight(i) * (sd > 0 ? Gaussian.cdf(-mix.label(i) * mu / sd) : (mix.label(i) * mu > 0 ? 0 : 1));
        }
        return e;
    }
}
