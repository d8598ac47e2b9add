package org.sparseattention.theory.capacity;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.law.TiltedAttentionLaw;
import org.sparseattention.theory.law.TiltedAttentionLaw.Tilt;
import org.sparseattention.theory.numerics.SampleStatistics;

/**
 * Capacity of the attention model (docs/theory.md section 7) by adaptive importance sampling.
 * At strong signal the Gardner average {@code min E[psi]} lives on rare events (positive samples
 * whose attention misses the signal, negative samples with a large noise token), which plain
 * quasi-Monte Carlo points do not reach: the realisation becomes separable and {@code alpha*}
 * biased high. Here a pilot solve locates the minimiser, the cross-entropy rule moves the
 * proposal's shifts to the mean of {@code g} under the minimiser's own summand (twice), and the
 * final estimate averages {@code K} independent randomizations of the tilted law.
 *
 * <p>The error bar covers both the spread over randomizations and the finite-point bias of
 * minimising an estimated objective: each randomization is also solved on the first half of its
 * points, and the bias at {@code N} points is estimated as the mean difference between the two
 * (a bias of order {@code 1/N}); {@code alphaStarErr = sqrt(se^2 + bias^2)}.
 */
public final class AttentionCapacity {
    /** Points per class of each pilot solve. */
    static final int PILOT_POINTS = Integer.getInteger("cap.pilot", 256);
    /** Cross-entropy rounds. */
    static final int ROUNDS = Integer.getInteger("cap.rounds", 2);
    /** Probability of the unshifted (defensive) component. */
    static final double DEFENSIVE = Double.parseDouble(System.getProperty("cap.p0", "0.25"));

    private final CapacitySolver solver = new CapacitySolver(1e-10, 100);

    /**
     * The result of one estimate with its diagnostics.
     *
     * @param result the capacity; its error bar is {@code sqrt(spread^2 + bias^2)}
     * @param tilt   the proposal used
     * @param bias   mean over randomizations of {@code alpha*(N) - alpha*(N/2)}, the finite-point bias at {@code N}
     * @param spread standard error over randomizations
     * @param points points per class {@code N} of the final estimate
     */
    public record Estimate(CapacityResult result, Tilt tilt, double bias, double spread, int points) {
    }

    /**
     * {@code alpha*} of the attention law with {@code (kappa, s)}: mean over {@code K} tilted
     * randomizations of {@code 1 / min E[psi]} ({@code gamma = 1}). The points per class start at
     * {@code points} and double while the error bar exceeds {@code relativeTarget alpha*}, up to
     * {@code maxPoints}; a realisation that is still separable at {@code maxPoints} gives
     * {@code alpha* = +Infinity} with a NaN error.
     *
     * @param p              data model
     * @param kappa          {@code beta ||q||}
     * @param s              {@code cos(q, xi)}
     * @param points         initial points per class and randomization
     * @param maxPoints      largest points per class
     * @param relativeTarget target of {@code alphaStarErr / alphaStar}
     * @param randomizations {@code K >= 2}
     * @param seed           seed of the random shifts
     */
    public Estimate estimate(SparseTokenParameters p, double kappa, double s, int points, int maxPoints,
                             double relativeTarget, int randomizations, long seed) {
        Tilt tilt = adapt(p, kappa, s, seed);
        int n = points;
        int it = 0;
        double[] start = new double[3];
        while (true) {
            double[] full = new double[randomizations];
            double[] half = new double[randomizations];
            double grad = 0;
            boolean separable = false;
            for (int r = 0; r < randomizations && !separable; r++) {
                TiltedAttentionLaw.Sample smp = TiltedAttentionLaw.sample(p, kappa, s, n, tilt,
                        seed * 1_000_003L + 16L * (r + 1) + 7L * n);
                CapacitySolver.Minimum mf = solver.minimize(smp.mixture(), start);
                it += mf.iterations();
                if (mf.unbounded()) {
                    separable = true;
                    break;
                }
                CapacitySolver.Minimum mh = solver.minimize(smp.half(), mf.x());
                it += mh.iterations();
                if (mh.unbounded()) {
                    separable = true;
                    break;
                }
                full[r] = 1 / mf.minimum();
                half[r] = 1 / mh.minimum();
                grad = FastMath.max(grad, mf.gradientNorm());
                if (r == 0) {
                    start = mf.x();
                }
            }
            if (separable) {
                start = new double[3];
                if (2L * n > maxPoints) {
                    return new Estimate(new CapacityResult(Model.ATTENTION, Double.POSITIVE_INFINITY, Double.NaN,
                            grad, it), tilt, Double.NaN, Double.NaN, n);
                }
                n *= 2;
                continue;
            }
            double mean = SampleStatistics.mean(full);
            double se = SampleStatistics.standardError(full);
            double bias = mean - SampleStatistics.mean(half);
            double err = FastMath.sqrt(se * se + bias * bias);
            if (err <= relativeTarget * mean || 2L * n > maxPoints) {
                return new Estimate(new CapacityResult(Model.ATTENTION, mean, err, grad, it), tilt, bias, se, n);
            }
            n *= 2;
        }
    }

    /** The proposal: an initial guess from the signal strength, then cross-entropy updates on pilot solves. */
    Tilt adapt(SparseTokenParameters p, double kappa, double s, long seed) {
        double guess = FastMath.max(0, s * p.theta()) / 2;
        Tilt tilt = new Tilt(guess, guess, guess / p.L(), guess, guess / p.L(), DEFENSIVE);
        double[] x = new double[3];
        for (int round = 0; round < ROUNDS; round++) {
            TiltedAttentionLaw.Sample smp = TiltedAttentionLaw.sample(p, kappa, s, PILOT_POINTS, tilt,
                    seed * 1_000_003L + 7919L + 4L * round);
            Mixture mix = smp.mixture();
            CapacitySolver.Minimum m = solver.minimize(mix, x);
            x = m.unbounded() ? new double[3] : m.x();
            double[] f = solver.contributions(mix, m.x());
            double fp = 0;
            double fa = 0;
            double fb = 0;
            double fbAll = 0;
            double fn = 0;
            double fc = 0;
            double fcAll = 0;
            for (int i = 0; i < mix.size(); i++) {
                if (mix.label(i) > 0) {
                    fp += f[i];
                    fa += f[i] * smp.signalMean(i);
                    fb += f[i] * smp.noiseMax(i);
                    fbAll += f[i] * smp.noiseMean(i);
                } else {
                    fn += f[i];
                    fc += f[i] * smp.noiseMax(i);
                    fcAll += f[i] * smp.noiseMean(i);
                }
            }
            if (!(fp > 0 && fn > 0)) {
                break;
            }
            tilt = new Tilt(FastMath.max(0, -fa / fp), FastMath.max(0, fb / fp), FastMath.max(0, fbAll / fp),
                    FastMath.max(0, fc / fn), FastMath.max(0, fcAll / fn), DEFENSIVE);
        }
        return tilt;
    }
}
