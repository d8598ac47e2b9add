package org.sparseattention.theory.oracle;

import static org.sparseattention.theory.numerics.SampleStatistics.mean;
import static org.sparseattention.theory.numerics.SampleStatistics.standardError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.util.CombinatoricsUtils;
import org.hipparchus.util.FastMath;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.RandomizedSobol;

/**
 * Oracle (infinite-data) errors of THEORY.md section 8.
 * <ul>
 * <li>pooled: {@code min_t pi Phi(t - S) + (1 - pi) Phi(-t)}, {@code S = theta R / sqrt(L)}, at
 * {@code t* = S/2 + log((1-pi)/pi)/S};</li>
 * <li>vectorized: the same threshold problem with position weights {@code c}, {@code |c| = 1},
 * optimised numerically (Hipparchus non-linear conjugate gradient, from perturbed uniform and
 * random starts) over the exact mixture over signal positions {@code S};</li>
 * <li>attention: oracle query {@code tau xi}, score {@code sum_l a_l (theta v_l + g_l)},
 * {@code a = softmax(tau (theta v + g))}; the class-conditional laws of the score are estimated
 * with randomized Sobol points, the threshold is optimal for the empirical laws, {@code tau} is
 * optimised by a grid then Brent's method; the error bar is the spread over randomizations.</li>
 * </ul>
 */
public final class OracleErrors {
    private static final int MAX_SUBSETS = 20000;

    private OracleErrors() {
    }

    /** Oracle error of one model. */
    public static OracleResult error(Model model, SparseTokenParameters p, TheoryOptions options) {
        switch (model) {
            case POOLED:
                return new OracleResult(model, p.L(), p.theta(), pooled(p), 0);
            case VECTORIZED:
                return new OracleResult(model, p.L(), p.theta(), vectorized(p, options.seed()), 0);
            default:
                double[] e = new double[options.randomizations()];
                for (int r = 0; r < e.length; r++) {
                    e[r] = attention(p, options.pointsPerClass(), options.seed() * 7919L + r);
                }
                return new OracleResult(model, p.L(), p.theta(), mean(e), standardError(e));
        }
    }

    /** Pooled linear oracle error (closed form). */
    public static double pooled(SparseTokenParameters p) {
        double s = p.theta() * p.R() / FastMath.sqrt(p.L());
        double pi = p.pi();
        if (s == 0) {
            return FastMath.min(pi, 1 - pi);
        }
        double t = s / 2 + FastMath.log((1 - pi) / pi) / s;
        return pi * Gaussian.cdf(t - s) + (1 - pi) * Gaussian.cdf(-t);
    }

    /** Vectorized linear oracle error: threshold problem optimised over unit position weights. */
    public static double vectorized(SparseTokenParameters p, long seed) {
        int L = p.L();
        int[][] subsets = subsets(L, p.R(), seed);
        double theta = p.theta();
        double pi = p.pi();
        // objective over x = (u_1..u_L, t), c = u/|u|
        ObjectiveFunction f = new ObjectiveFunction(x -> vecError(x, subsets, theta, pi, null));
        ObjectiveFunctionGradient g = new ObjectiveFunctionGradient(x -> {
            double[] grad = new double[x.length];
            vecError(x, subsets, theta, pi, grad);
            return grad;
        });
        RandomGenerator rng = new Well19937c(seed);
        double best = pooled(p); // uniform weights, the symmetric stationary point
        for (int start = 0; start < 4; start++) {
            double[] x0 = new double[L + 1];
            for (int l = 0; l < L; l++) {
                x0[l] = start == 0 ? 1 + 0.05 * rng.nextGaussian() : rng.nextGaussian();
            }
            x0[L] = theta * p.R() / FastMath.sqrt(L) / 2;
            NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
                    NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimpleValueChecker(1e-13, 1e-15));
            try {
                double v = opt.optimize(new MaxEval(20000), f, g, GoalType.MINIMIZE, new InitialGuess(x0)).getValue();
                best = FastMath.min(best, v);
            } catch (RuntimeException tooManyEvaluations) {
                // keep the best value found so far from the other starts
            }
        }
        return best;
    }

    private static double vecError(double[] x, int[][] subsets, double theta, double pi, double[] grad) {
        int L = x.length - 1;
        double norm = 0;
        for (int l = 0; l < L; l++) {
            norm += x[l] * x[l];
        }
        norm = FastMath.sqrt(norm);
        double t = x[L];
        double pos = 0;
        double[] dc = grad == null ? null : new double[L];
        double dt = 0;
        for (int[] s : subsets) {
            double sig = 0;
            for (int l : s) {
                sig += x[l];
            }
            sig *= theta / norm;
            pos += Gaussian.cdf(t - sig);
            if (grad != null) {
                double ph = Gaussian.pdf(t - sig);
                dt += ph;
                for (int l : s) {
                    dc[l] -= ph * theta;
                }
            }
        }
        int ns = subsets.length;
        double val = pi * pos / ns + (1 - pi) * Gaussian.cdf(-t);
        if (grad != null) {
            // chain rule through c = u/|u|: dc/du = (I - c c^T)/|u|
            double cdot = 0;
            for (int l = 0; l < L; l++) {
                dc[l] *= pi / ns;
                cdot += dc[l] * x[l] / norm;
            }
            for (int l = 0; l < L; l++) {
                grad[l] = (dc[l] - cdot * x[l] / norm) / norm;
            }
            grad[L] = pi * dt / ns - (1 - pi) * Gaussian.pdf(t);
        }
        return val;
    }

    /** All size-{@code R} subsets of {@code 0..L-1}, or a seeded random sample of them when too many. */
    static int[][] subsets(int L, int R, long seed) {
        double count = CombinatoricsUtils.binomialCoefficientDouble(L, R);
        List<int[]> out = new ArrayList<>();
        if (count <= MAX_SUBSETS) {
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
        } else {
            RandomGenerator rng = new Well19937c(seed);
            for (int n = 0; n < MAX_SUBSETS; n++) {
                int[] perm = new int[L];
                for (int i = 0; i < L; i++) {
                    perm[i] = i;
                }
                for (int i = 0; i < R; i++) {
                    int j = i + rng.nextInt(L - i);
                    int tmp = perm[i];
                    perm[i] = perm[j];
                    perm[j] = tmp;
                }
                out.add(Arrays.copyOf(perm, R));
            }
        }
        return out.toArray(new int[0][]);
    }

    /** Attention oracle error on one randomization of the Sobol points. */
    public static double attention(SparseTokenParameters p, int pointsPerClass, long seed) {
        AttentionScores scores = new AttentionScores(p, pointsPerClass, seed);
        return scores.optimalError();
    }

    /** Class-conditional attention scores on fixed quasi-Monte Carlo points, as a function of {@code tau}. */
    static final class AttentionScores {
        private final SparseTokenParameters p;
        private final double[][] gPlus;
        private final double[][] gMinus;

        AttentionScores(SparseTokenParameters p, int n, long seed) {
            this.p = p;
            this.gPlus = RandomizedSobol.normals(p.L(), n, seed);
            this.gMinus = RandomizedSobol.normals(p.L(), n, seed + 1);
        }

        /** {@code min_t} error of the empirical laws at temperature {@code tau}. */
        double errorAt(double tau) {
            int n = gPlus.length;
            int L = p.L();
            double[] sp = new double[n];
            double[] sm = new double[n];
            double[] logits = new double[L];
            double[] a = new double[L];
            double[] x = new double[L];
            for (int i = 0; i < n; i++) {
                for (int l = 0; l < L; l++) {
                    x[l] = (l < p.R() ? p.theta() : 0) + gPlus[i][l];
                    logits[l] = tau * x[l];
                }
                AttentionLaw.softmax(logits, a);
                double s = 0;
                for (int l = 0; l < L; l++) {
                    s += a[l] * x[l];
                }
                sp[i] = s;
                for (int l = 0; l < L; l++) {
                    logits[l] = tau * gMinus[i][l];
                }
                AttentionLaw.softmax(logits, a);
                s = 0;
                for (int l = 0; l < L; l++) {
                    s += a[l] * gMinus[i][l];
                }
                sm[i] = s;
            }
            return bestThreshold(sp, sm, p.pi());
        }

        double optimalError() {
            double best = Double.POSITIVE_INFINITY;
            double bestTau = 0;
            double hi = 8;
            int grid = 33;
            for (int i = 0; i < grid; i++) {
                double tau = hi * i / (grid - 1);
                double e = errorAt(tau);
                if (e < best) {
                    best = e;
                    bestTau = tau;
                }
            }
            double lo = FastMath.max(0, bestTau - hi / (grid - 1));
            double up = FastMath.min(hi, bestTau + hi / (grid - 1));
            if (bestTau == hi) {
                up = 4 * hi;
            }
            BrentOptimizer brent = new BrentOptimizer(1e-6, 1e-6);
            UnivariatePointValuePair r = brent.optimize(new MaxEval(200),
                    new UnivariateObjectiveFunction(this::errorAt), GoalType.MINIMIZE,
                    new SearchInterval(lo, up, FastMath.min(up, FastMath.max(lo, bestTau))));
            return FastMath.min(best, r.getValue());
        }
    }

    /**
     * Smallest error {@code pi F+(t) + (1-pi)(1 - F-(t))} over thresholds {@code t}, for empirical
     * laws of the score given {@code y = +1} ({@code sp}) and {@code y = -1} ({@code sm}).
     */
    static double bestThreshold(double[] sp, double[] sm, double pi) {
        double[] a = sp.clone();
        double[] b = sm.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        int i = 0;
        int j = 0;
        // threshold below everything: all positives right, all negatives wrong
        double best = 1 - pi;
        while (i < a.length || j < b.length) {
            double next = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
            while (i < a.length && a[i] <= next) {
                i++;
            }
            while (j < b.length && b[j] <= next) {
                j++;
            }
            double err = pi * i / a.length + (1 - pi) * (1 - (double) j / b.length);
            best = FastMath.min(best, err);
        }
        return best;
    }

    /**
     * Smallest {@code theta} with oracle error at most {@code target}, by bisection on
     * {@code [0, thetaMax]} (the error decreases with {@code theta}); for attention each
     * randomization keeps its points fixed, so its error is a deterministic function of {@code theta}.
     */
    public static ThetaNeeded thetaNeeded(Model model, int L, int R, double pi, double target, TheoryOptions options) {
        if (!(target > 0 && target < FastMath.min(pi, 1 - pi))) {
            throw new IllegalArgumentException("target error must lie in (0, min(pi, 1-pi)) = (0, "
                    + FastMath.min(pi, 1 - pi) + "), got " + target);
        }
        int reps = model == Model.ATTENTION ? options.randomizations() : 1;
        double[] th = new double[reps];
        for (int r = 0; r < reps; r++) {
            long seed = options.seed() * 7919L + r;
            java.util.function.DoubleUnaryOperator err = theta -> {
                SparseTokenParameters p = new SparseTokenParameters(L, R, pi, theta);
                return switch (model) {
                    case POOLED -> pooled(p);
                    case VECTORIZED -> vectorized(p, seed);
                    default -> attention(p, options.pointsPerClass(), seed);
                };
            };
            double lo = 0;
            double hi = 1;
            while (err.applyAsDouble(hi) > target) {
                lo = hi;
                hi *= 2;
                if (hi > 1e4) {
                    throw new org.sparseattention.theory.TheoryException("theta needed for error " + target
                            + " exceeds 1e4 (" + model.label() + ", L=" + L + ")");
                }
            }
            while (hi - lo > 1e-4 * FastMath.max(1, hi)) {
                double mid = 0.5 * (lo + hi);
                if (err.applyAsDouble(mid) > target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            th[r] = 0.5 * (lo + hi);
        }
        return new ThetaNeeded(model, L, target, mean(th), standardError(th));
    }
}
