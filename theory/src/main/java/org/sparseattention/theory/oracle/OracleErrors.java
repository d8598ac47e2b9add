package org.sparseattention.theory.oracle;

import static org.sparseattention.theory.numerics.SampleStatistics.mean;
import static org.sparseattention.theory.numerics.SampleStatistics.standardError;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.hipparchus.util.CombinatoricsUtils;
import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.ParallelMap;

/**
 * Oracle (infinite-data) errors of docs/theory.md section 8.
 * <ul>
 * <li>pooled: {@code min_t pi Phi(t - S) + (1 - pi) Phi(-t)}, {@code S = theta R / sqrt(L)}, at
 * {@code t* = S/2 + log((1-pi)/pi)/S};</li>
 * <li>vectorized: the same threshold problem optimised over unit position weights (equal weights on
 * {@code k} positions for every {@code k}, exact, then gradient descent over all weights where the signal
 * subsets can be enumerated): see {@link VectorizedOracle}; never above the pooled value;</li>
 * <li>attention: oracle query {@code tau xi}, score {@code sum_l a_l (theta v_l + g_l)},
 * {@code a = softmax(tau (theta v + g))}; {@code (tau, t)} chosen on one randomized Sobol point set and the
 * error estimated on an independent one (see {@link AttentionOracle}); the error bar is the spread over
 * randomizations.</li>
 * </ul>
 */
public final class OracleErrors {
    private static final int MAX_SUBSETS = 2_000_000;

    private OracleErrors() {
    }

    /** Oracle error of one model (section 8). */
    public static OracleResult error(Model model, SparseTokenParameters p, TheoryOptions options) {
        return switch (model) {
            case POOLED -> new OracleResult(model, p.L(), p.theta(), pooled(p), 0);
            case VECTORIZED -> new OracleResult(model, p.L(), p.theta(), vectorized(p), 0);
            case ATTENTION -> {
                double[] e = perRandomization(options, r -> new AttentionOracle(p, options.pointsPerClass(),
                        seed(options, r)).tailAccurateError(p.theta()).error());
                yield new OracleResult(model, p.L(), p.theta(), mean(e), standardError(e));
            }
        };
    }

    private static long seed(TheoryOptions options, int r) {
        return options.seed() * 7919L + r;
    }

    /** Pooled linear oracle error {@code E*_lin} (closed form of section 8). */
    public static double pooled(SparseTokenParameters p) {
        double s = p.theta() * p.R() / FastMath.sqrt(p.L());
        double pi = p.pi();
        if (s == 0) {
            return FastMath.min(pi, 1 - pi);
        }
        double t = s / 2 + FastMath.log((1 - pi) / pi) / s;
        return FastMath.min(FastMath.min(pi, 1 - pi), pi * Gaussian.cdf(t - s) + (1 - pi) * Gaussian.cdf(-t));
    }

    /** Vectorized linear oracle error {@code E*_vec <= E*_lin}: the threshold problem optimised over unit position weights. */
    public static double vectorized(SparseTokenParameters p) {
        return VectorizedOracle.error(p);
    }

    /** Attention oracle error on one randomization ({@code n} points per point set). */
    public static double attention(SparseTokenParameters p, int n, long seed) {
        return new AttentionOracle(p, n, seed).tailAccurateError(p.theta()).error();
    }

    /**
     * All size-{@code R} subsets of {@code 0..L-1}.
     *
     * @throws IllegalArgumentException if there are more than two million
     */
    static int[][] subsets(int L, int R) {
        double count = CombinatoricsUtils.binomialCoefficientDouble(L, R);
        if (count > MAX_SUBSETS) {
            throw new IllegalArgumentException("C(" + L + ", " + R + ") = " + count + " subsets exceed " + MAX_SUBSETS);
        }
        List<int[]> out = new ArrayList<>();
        int[] s = new int[R];
        for (int i = 0; i < R; i++) {
            s[i] = i;
        }
        while (true) {
            out.add(s.clone());
            int i = R - 1;
            while (i >= 0 && s[i] == L - R + i) {
                i--;
            }
            if (i < 0) {
                break;
            }
            s[i]++;
            for (int j = i + 1; j < R; j++) {
                s[j] = s[j - 1] + 1;
            }
        }
        return out.toArray(new int[0][]);
    }

    /**
     * Smallest {@code theta} with oracle error at most {@code target} (section 8), by doubling then bisection
     * then Brent's method to relative precision {@code 1e-5}. For attention each randomization keeps its two point sets, so its
     * error is a deterministic function of {@code theta}; the error bar is the spread over randomizations.
     *
     * @throws IllegalArgumentException if {@code target} is not in {@code (0, min(pi, 1-pi))}
     * @throws TheoryException if even {@code theta = }{@link SparseTokenParameters#MAX_THETA} does not reach it
     */
    public static ThetaNeeded thetaNeeded(Model model, int L, int R, double pi, double target, TheoryOptions options) {
        if (!(target > 0 && target < FastMath.min(pi, 1 - pi))) {
            throw new IllegalArgumentException("target error must lie in (0, min(pi, 1-pi)) = (0, "
                    + FastMath.min(pi, 1 - pi) + "), got " + target);
        }
        SparseTokenParameters base = new SparseTokenParameters(L, R, pi, 0);
        if (model == Model.POOLED) {
            return new ThetaNeeded(model, L, target, solve(th -> pooled(base.withTheta(th)), target, model, L), 0);
        }
        if (model == Model.VECTORIZED) {
            // first the root over equal weights on k positions (cheap), then the full optimisation near it
            double guess = solve(th -> VectorizedOracle.equalWeightsError(base.withTheta(th)), target, model, L);
            return new ThetaNeeded(model, L, target, solveNear(th -> vectorized(base.withTheta(th)), target, guess), 0);
        }
        double[] th = perRandomization(options, r -> {
            AttentionOracle oracle = new AttentionOracle(base, options.pointsPerClass(), seed(options, r));
            // a first root on an eighth of the points brackets the root on all of them, so that the
            // temperature search (cached per temperature) only visits temperatures near the answer
            double guess = solve(t -> oracle.error(t, true).error(), target, model, L);
            return solveNear(t -> oracle.error(t).error(), target, guess);
        });
        return new ThetaNeeded(model, L, target, mean(th), standardError(th));
    }

    /** Root of {@code err(theta) = target} near {@code guess}: a bracket widened by 10% steps, then Brent's method. */
    private static double solveNear(DoubleUnaryOperator function, double target, double guess) {
        DoubleUnaryOperator err = memoized(function);
        double lo = 0.97 * guess;
        double hi = 1.03 * guess;
        while (lo > 0 && err.applyAsDouble(lo) <= target) {
            hi = lo;
            lo = lo > 1e-3 ? lo / 1.1 : 0;
        }
        while (err.applyAsDouble(hi) > target) {
            lo = hi;
            hi *= 1.1;
            if (hi > SparseTokenParameters.MAX_THETA) {
                throw new TheoryException("theta needed for oracle error " + target
                        + " exceeds the supported maximum " + SparseTokenParameters.MAX_THETA);
            }
        }
        BrentSolver brent = new BrentSolver(1e-6, 1e-5 * hi);
        return brent.solve(200, th -> err.applyAsDouble(th) - target, lo, hi);
    }

    /**
     * {@code f} remembered per argument: the attention error's temperature search is warm-started, so a second
     * call at the same {@code theta} could land on a neighbouring temperature and break the root's bracket.
     */
    private static DoubleUnaryOperator memoized(DoubleUnaryOperator f) {
        java.util.Map<Double, Double> seen = new java.util.HashMap<>();
        return x -> seen.computeIfAbsent(x, f::applyAsDouble);
    }

    private static double solve(DoubleUnaryOperator function, double target, Model model, int L) {
        DoubleUnaryOperator err = memoized(function);
        double lo = 0;
        double hi = 1;
        while (err.applyAsDouble(hi) > target) {
            lo = hi;
            hi *= 2;
            if (hi > SparseTokenParameters.MAX_THETA) {
                if (err.applyAsDouble(SparseTokenParameters.MAX_THETA) > target) {
                    throw new TheoryException("theta needed for oracle error " + target + " exceeds the supported maximum "
                            + SparseTokenParameters.MAX_THETA + " (" + model.label() + ", L=" + L + ")");
                }
                hi = SparseTokenParameters.MAX_THETA;
            }
        }
        // Brent's method keeps a bracket, so the small steps of the attention error where its temperature
        // moves on the lattice cannot lose the crossing
        BrentSolver brent = new BrentSolver(1e-6, 1e-5 * hi);
        return brent.solve(200, th -> err.applyAsDouble(th) - target, lo, hi);
    }

    /**
     * {@code task(r)} for every randomization, on {@code options.threads()} threads
     * ({@link ParallelMap}: results in randomization order); failures propagate.
     */
    private static double[] perRandomization(TheoryOptions options, IntToDoubleFunction task) {
        int k = options.randomizations();
        return ParallelMap.map(k, FastMath.min(options.threads(), k), task::applyAsDouble, () -> { }).stream()
                .mapToDouble(Double::doubleValue).toArray();
    }
}
