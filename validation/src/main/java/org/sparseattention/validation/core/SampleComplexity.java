package org.sparseattention.validation.core;

import java.util.function.DoubleFunction;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.sparseattention.theory.erm.ErmSolution;

/**
 * Sample complexity of the step-4 ERM (docs/theory.md section 6): the smallest {@code alpha1} at
 * which the theory test error is at most a target {@code eps}. The test error is evaluated along a
 * geometric scan upward from {@link #ALPHA_LOW} (ratio 2, continuation) until it first drops to
 * {@code eps}; Brent's method on {@code ln alpha1} then solves {@code E(alpha1) = eps} inside that
 * bracket to {@link #ERROR_TOLERANCE}. When the scan reaches {@link #ALPHA_HIGH} with the error still
 * above {@code eps}, the target is unreachable and the error there is reported as the
 * {@code alpha1 -> infinity} limit.
 */
public final class SampleComplexity {
    /** Start of the scan. */
    public static final double ALPHA_LOW = 0.05;
    /** End of the scan, standing for {@code alpha1 -> infinity}. */
    public static final double ALPHA_HIGH = 1e4;
    /** Smallest {@code alpha1} tried when the target is met at the start of the scan. */
    public static final double ALPHA_FLOOR = 1e-3;
    /** Accuracy of {@code E(alpha1_needed) - eps}. */
    public static final double ERROR_TOLERANCE = 1e-6;

    /**
     * Result at one point.
     *
     * @param alpha1Needed smallest {@code alpha1} with error {@code <= eps} (NaN when unreachable)
     * @param solution     the fixed point at {@code alpha1_needed} (at {@link #ALPHA_HIGH} when unreachable)
     * @param limit        test error at {@link #ALPHA_HIGH} when unreachable (NaN otherwise)
     * @param note         empty, or why {@code alpha1_needed} is missing or at an end of the range
     */
    public record Result(double alpha1Needed, ErmSolution solution, double limit, String note) {
        /** Whether the target is reached. */
        public boolean reached() {
            return !Double.isNaN(alpha1Needed);
        }
    }

    private SampleComplexity() {
    }

    /**
     * Finds the smallest {@code alpha1} with test error at most {@code eps}.
     *
     * @param error the fixed point at an {@code alpha1} (warm-started solvers make the scan cheap)
     * @param eps   target test error in {@code (0, 1/2)}
     */
    public static Result find(DoubleFunction<ErmSolution> error, double eps) {
        if (!(eps > 0 && eps < 0.5)) {
            throw new IllegalArgumentException("--target-error must lie in (0, 1/2), got " + eps);
        }
        double a = ALPHA_LOW;
        ErmSolution s = error.apply(a);
        if (s.testError() <= eps) {
            while (a > ALPHA_FLOOR) {
                double lower = a / 4;
                ErmSolution t = error.apply(lower);
                if (t.testError() > eps) {
                    return refine(error, eps, lower, a, s);
                }
                a = lower;
                s = t;
            }
            return new Result(a, s, Double.NaN, "target met already at the smallest alpha1 tried ("
                    + ModelSettings.g(a) + ")");
        }
        double prev = a;
        while (a < ALPHA_HIGH) {
            prev = a;
            a = Math.min(ALPHA_HIGH, a * 2);
            s = error.apply(a);
            if (s.testError() <= eps) {
                return refine(error, eps, prev, a, s);
            }
        }
        return new Result(Double.NaN, s, s.testError(), "unreachable: the test error tends to "
                + String.format(java.util.Locale.ROOT, "%.4g", s.testError()) + " > " + ModelSettings.g(eps)
                + " as alpha1 -> infinity (value at alpha1 = " + ModelSettings.g(ALPHA_HIGH) + ")");
    }

    /** Brent's method on {@code ln alpha1} in {@code [lo, hi]}, {@code E(lo) > eps >= E(hi)}. */
    private static Result refine(DoubleFunction<ErmSolution> error, double eps, double lo, double hi,
                                 ErmSolution atHi) {
        if (atHi.testError() == eps) {
            return new Result(hi, atHi, Double.NaN, "");
        }
        BrentSolver brent = new BrentSolver(1e-12, 1e-9, ERROR_TOLERANCE);
        double u = brent.solve(100, v -> error.apply(Math.exp(v)).testError() - eps, Math.log(lo), Math.log(hi));
        double a = Math.exp(u);
        return new Result(a, error.apply(a), Double.NaN, "");
    }
}
