package org.sparseattention.theory.oracle;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.numerics.RandomizedSobol;

/**
 * The attention oracle of docs/theory.md section 8 on one randomization: the score
 * {@code s(x) = sum_l a_l x_l}, {@code a = softmax(tau x)}, {@code x = theta v + g}, thresholded at {@code t}.
 * <ul>
 * <li>Two independent point sets of randomized Sobol normals: on set A the temperature {@code tau}
 * (on the lattice {@code 0, 0.05 * 1.1^k}) and the threshold {@code t} are chosen; the reported error
 * is that classifier's error estimated on set B. It is an unbiased estimate of the error of one fixed
 * classifier, so it is at least the oracle error in expectation (an in-sample threshold on a finite
 * point set separates the classes and reports 0 at strong signal).</li>
 * <li>Both classes use the same points ({@code y = -1}: {@code x = g}; {@code y = +1}: {@code x = theta v + g}),
 * so at {@code theta = 0} the two laws coincide point by point and every classifier has error
 * {@code pi F(t) + (1-pi)(1-F(t)) >= min(pi, 1-pi)}.</li>
 * <li>The mean token {@code gbar ~ N(0, 1/L)} is independent of the centred tokens and shifts the score
 * by exactly {@code gbar} ({@code s(x + c 1) = s(x) + c}); it is integrated in closed form
 * ({@link SmoothThreshold} with {@code h = 1/sqrt(L)}), so the estimate is smooth in {@code t} and never
 * exactly 0.</li>
 * </ul>
 */
final class AttentionOracle {
    /** Lattice of temperatures: index 0 is {@code tau = 0}, index {@code k >= 1} is {@code 0.05 * 1.1^(k-1)}. */
    static final int LATTICE = 90;
    private static final int COARSE = 5;
    /** Above this dimension the point sets are pseudo-random instead of randomized Sobol. */
    static final int MAX_SOBOL_DIMENSION = 1000;
    /** Largest {@code L} at which {@link #tailAccurateError} conditions on the largest token. */
    static final int TAIL_MAX_L = 2000;
    /** Largest {@code L} at which {@link #tailAccurateError} also re-chooses the threshold with that estimate. */
    static final int TAIL_SELECT_MAX_L = 20;
    /** In-sample improvement over the constant classifier below which the constant one is kept (rounding). */
    private static final double TRIVIAL_MARGIN = 1e-12;

    private final SparseTokenParameters base;
    private final PointSet select;
    private final PointSet evaluate;
    private int lastBest = -1;

    /**
     * @param base  the data model (its {@code theta} is ignored: every call names its own)
     * @param n     points per set
     * @param seed  seed of this randomization
     */
    AttentionOracle(SparseTokenParameters base, int n, long seed) {
        this.base = base;
        this.select = new PointSet(base.L(), base.R(), n, 2 * seed);
        this.evaluate = new PointSet(base.L(), base.R(), n, 2 * seed + 1);
    }

    /** Temperature of lattice index {@code k}. */
    static double tau(int k) {
        return k == 0 ? 0 : 0.05 * Math.pow(1.1, k - 1);
    }

    /** The selected classifier and its out-of-sample error. */
    record Choice(int tauIndex, double threshold, double inSample, double error) {
    }

    /**
     * Chooses {@code (tau, t)} on set A and returns its error on set B; the constant classifier (error
     * {@code min(pi, 1-pi)}, exact) when nothing beats it on set A. The temperature: on the first call a
     * scan of every fifth lattice point, later the previous choice; a hill climb on the lattice with an eighth
     * of set A, then one with all of set A.
     */
    Choice error(double theta) {
        return error(theta, false);
    }

    /**
     * As {@link #error(double)}, but for {@code L <=} {@link #TAIL_MAX_L} the error on set B is the
     * max-token conditional estimate ({@link MaxTokenConditioning}): accurate far in the tails (strong
     * signal), at {@code O(L)} root solves per point.
     */
    Choice tailAccurateError(double theta) {
        Choice c = error(theta, false);
        if (c.tauIndex() < 0 || base.L() > TAIL_MAX_L) {
            return c;
        }
        int k = c.tauIndex();
        double t = c.threshold();
        double inSample = c.inSample();
        if (base.L() <= TAIL_SELECT_MAX_L) {
            // re-choose the threshold (and the temperature among the neighbours) with the tail-accurate
            // estimate on set A: the smoothed one is dominated by a few points far in the tails
            double best = Double.POSITIVE_INFINITY;
            for (int kk = Math.max(0, k - 1); kk <= Math.min(LATTICE - 1, k + 1); kk++) {
                final int lattice = kk;
                java.util.function.DoubleUnaryOperator err = u -> select.tailError(lattice, theta, u, base.pi());
                BrentOptimizer brent = new BrentOptimizer(1e-6, 1e-4);
                UnivariatePointValuePair r = brent.optimize(new MaxEval(200),
                        new UnivariateObjectiveFunction(err::applyAsDouble), GoalType.MINIMIZE,
                        new SearchInterval(c.threshold() - 0.5, c.threshold() + 0.5, c.threshold()));
                if (r.getValue() < best) {
                    best = r.getValue();
                    k = kk;
                    t = r.getPoint();
                }
            }
            inSample = best;
        }
        double out = evaluate.tailError(k, theta, t, base.pi());
        return new Choice(k, t, inSample, out);
    }

    /**
     * As {@link #error(double)}; with {@code pilotOnly} on the first eighth of both point sets only (a cheap
     * first approximation, used to bracket a root in {@code theta}).
     */
    Choice error(double theta, boolean pilotOnly) {
        double pi = base.pi();
        double trivial = Math.min(pi, 1 - pi);
        int pilot = Math.min(select.n, Math.max(64, select.n / 8));
        double[] pilotCache = new double[LATTICE];
        java.util.Arrays.fill(pilotCache, Double.NaN);
        int best = lastBest;
        if (best < 0) {
            for (int k = 0; k < LATTICE; k += COARSE) {
                best = fit(theta, k, pilot, pilotCache, null) < (best < 0 ? Double.POSITIVE_INFINITY : pilotCache[best])
                        ? k : best;
            }
        }
        double[] cache = new double[LATTICE];
        double[] tCache = new double[LATTICE];
        java.util.Arrays.fill(cache, Double.NaN);
        int count = pilotOnly ? pilot : select.n;
        if (pilotOnly) {
            best = climb(theta, best, pilot, cache, tCache);
        } else {
            best = climb(theta, best, pilot, pilotCache, null);
            best = climb(theta, best, select.n, cache, tCache);
        }
        lastBest = best;
        if (!(cache[best] < trivial - TRIVIAL_MARGIN)) {
            return new Choice(-1, Double.NaN, trivial, trivial);
        }
        double t = tCache[best];
        double out = evaluate.threshold(best, theta, pi, Math.min(count, evaluate.n)).error(t);
        return new Choice(best, t, cache[best], out);
    }

    /** Hill climb on the lattice from {@code start} with the first {@code count} points of set A. */
    private int climb(double theta, int start, int count, double[] cache, double[] tCache) {
        int best = start;
        fit(theta, best, count, cache, tCache);
        boolean moved = true;
        while (moved) {
            moved = false;
            for (int k : new int[] {best - 1, best + 1}) {
                if (k >= 0 && k < LATTICE && fit(theta, k, count, cache, tCache) < cache[best]) {
                    best = k;
                    moved = true;
                }
            }
        }
        return best;
    }

    private double fit(double theta, int k, int count, double[] cache, double[] tCache) {
        if (Double.isNaN(cache[k])) {
            SmoothThreshold.Fit f = select.threshold(k, theta, base.pi(), count).minimize();
            cache[k] = f.error();
            if (tCache != null) {
                tCache[k] = f.threshold();
            }
        }
        return cache[k];
    }

    /**
     * {@code n} standard normal vectors of dimension {@code L} with, per lattice temperature, the cached
     * noise sums {@code B = sum_{l >= R} exp(tau (g_l - M))}, {@code A = sum_{l >= R} g_l exp(tau (g_l - M))}
     * ({@code M} the largest noise token): the scores at any {@code theta} then cost {@code O(R)} per point.
     */
    static final class PointSet {
        private final int L;
        private final int R;
        private final int n;
        private final double[][] g;
        private final double[] gbar;
        private final double[] noiseMax;
        private final double[][] sumB = new double[LATTICE][];
        private final double[][] sumA = new double[LATTICE][];
        /** Number of leading points whose sums are cached, per lattice index. */
        private final int[] done = new int[LATTICE];

        PointSet(int L, int R, int n, long seed) {
            this.L = L;
            this.R = R;
            this.n = n;
            this.g = L <= MAX_SOBOL_DIMENSION ? RandomizedSobol.normals(L, n, seed) : pseudoRandomNormals(L, n, seed);
            this.gbar = new double[n];
            this.noiseMax = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                double m = Double.NEGATIVE_INFINITY;
                for (int l = 0; l < L; l++) {
                    s += g[i][l];
                    if (l >= R) {
                        m = Math.max(m, g[i][l]);
                    }
                }
                gbar[i] = s / L;
                noiseMax[i] = m;
            }
        }

        /** Plain pseudo-random normals (Java's ziggurat): in thousands of dimensions Sobol points gain nothing. */
        private static double[][] pseudoRandomNormals(int L, int n, long seed) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed * 0x9E3779B97F4A7C15L + 12345);
            double[][] out = new double[n][L];
            for (double[] row : out) {
                for (int l = 0; l < L; l++) {
                    row[l] = rnd.nextGaussian();
                }
            }
            return out;
        }

        /** Caches the noise sums of the first {@code count} points at lattice index {@code k}. */
        private void sums(int k, int count) {
            if (done[k] >= count) {
                return;
            }
            if (sumB[k] == null) {
                sumB[k] = new double[n];
                sumA[k] = new double[n];
            }
            double tau = tau(k);
            double[] b = sumB[k];
            double[] a = sumA[k];
            for (int i = done[k]; i < count; i++) {
                double[] gi = g[i];
                double m = noiseMax[i];
                double sb = 0;
                double sa = 0;
                for (int l = R; l < L; l++) {
                    double e = Math.exp(tau * (gi[l] - m));
                    sb += e;
                    sa += gi[l] * e;
                }
                b[i] = sb;
                a[i] = sa;
            }
            done[k] = count;
        }

        /**
         * Centred attention scores {@code s(x) - gbar} at lattice temperature {@code k}, signal shift
         * {@code shift} on the first {@code R} tokens ({@code theta} for {@code y = +1}, 0 for {@code y = -1}).
         */
        double[] scores(int k, double shift, int count) {
            sums(k, count);
            double tau = tau(k);
            double[] b = sumB[k];
            double[] a = sumA[k];
            double[] out = new double[count];
            for (int i = 0; i < count; i++) {
                double m = noiseMax[i];
                double top = m;
                for (int j = 0; j < R; j++) {
                    top = Math.max(top, shift + g[i][j]);
                }
                double c = Math.exp(tau * (m - top));
                double sb = b[i] * c;
                double sa = a[i] * c;
                for (int j = 0; j < R; j++) {
                    double x = shift + g[i][j];
                    double e = Math.exp(tau * (x - top));
                    sb += e;
                    sa += x * e;
                }
                out[i] = sa / sb - gbar[i];
            }
            return out;
        }

        /**
         * {@code pi P(s < t | y=+1) + (1-pi) P(s > t | y=-1)} at lattice index {@code k} by conditioning on the
         * largest token ({@link MaxTokenConditioning}), averaged over the points.
         */
        double tailError(int k, double theta, double t, double pi) {
            double tau = tau(k);
            double[] x = new double[L];
            double[] muPlus = new double[L];
            double[] muMinus = new double[L];
            for (int j = 0; j < R; j++) {
                muPlus[j] = theta;
            }
            double pos = 0;
            double neg = 0;
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < L; l++) {
                    x[l] = g[i][l] + muPlus[l];
                }
                pos += MaxTokenConditioning.probabilities(x, muPlus, tau, t)[0];
                neg += MaxTokenConditioning.probabilities(g[i], muMinus, tau, t)[1];
            }
            return pi * pos / n + (1 - pi) * neg / n;
        }

        /** The smoothed threshold problem of the first {@code count} points at lattice index {@code k}. */
        SmoothThreshold threshold(int k, double theta, double pi, int count) {
            return new SmoothThreshold(scores(k, theta, count), scores(k, 0, count), 1 / Math.sqrt(L), pi);
        }
    }
}
