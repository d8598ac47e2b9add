package org.sparseattention.validation.core;

import java.util.TreeMap;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.erm.ErmSolution;

/**
 * The ridge that minimises the theory test error of the step-4 ERM at one {@code alpha1}
 * (docs/theory.md section 6): a scan of {@code ln lambda} by decades, which brackets the minimum,
 * then Brent's method inside the bracket (tolerance {@link #LN_TOLERANCE} in {@code ln lambda}). The
 * scan runs downhill from a starting guess (the previous point's optimum along a curve) until the
 * error has risen for {@link #RISE} decades; when it is still falling at {@link #LAMBDA_MIN},
 * {@code lambda = 0} is tried and reported if it is at least as good (where {@code lambda = 0} has no
 * solution, the smallest ridge tried is reported with a note). The returned point is never worse
 * than any ridge evaluated on the way, in particular every decade of the scanned range.
 */
public final class RidgeOptimum {
    /** Smallest positive ridge scanned. */
    public static final double LAMBDA_MIN = 1e-6;
    /** Largest ridge scanned. */
    public static final double LAMBDA_MAX = 1e3;
    /** Final width of the bracket in {@code ln lambda}. */
    public static final double LN_TOLERANCE = 0.05;
    /** Decades of rising error after which the scan stops. */
    public static final int RISE = 2;

    private static final double DECADE = Math.log(10);
    /** Value of a ridge whose fixed point could not be solved (worse than any error rate). */
    private static final double FAILED = 2.0;

    /**
     * The optimum at one point.
     *
     * @param solution the fixed point at the optimal ridge (its {@code lambda} is the optimum)
     * @param note     empty, or what limits the optimum (e.g. the {@code lambda -> 0+} limit)
     * @param solves   fixed-point solves spent
     */
    public record Result(ErmSolution solution, String note, int solves) {
        /** The optimal ridge. */
        public double lambda() {
            return solution.lambda();
        }
    }

    private RidgeOptimum() {
    }

    /**
     * Minimises the theory test error over {@code lambda} at {@code alpha}.
     *
     * @param solver  warm-started solver of the model
     * @param alpha   {@code alpha1}
     * @param guess   starting ridge of the scan ({@code > 0}), e.g. the optimum at the previous point
     * @throws TheoryException if no ridge in the range could be solved
     */
    public static Result minimise(WarmErmSolver solver, double alpha, double guess) {
        int before = solver.solves();
        double lo = Math.log(LAMBDA_MIN);
        double hi = Math.log(LAMBDA_MAX);
        TreeMap<Double, ErmSolution> seen = new TreeMap<>();
        double u0 = Math.max(lo, Math.min(hi, Math.log(guess > 0 ? guess : 0.01)));
        // snap to the decade grid so scans at different points share their values
        u0 = Math.rint(u0 / DECADE) * DECADE;
        if (eval(solver, alpha, u0, seen) == FAILED) {
            u0 = Math.log(1.0);
            if (eval(solver, alpha, u0, seen) == FAILED) {
                throw new TheoryException("ridge search at alpha1=" + alpha + ": no fixed point at lambda="
                        + Math.exp(u0) + " nor at the starting guess " + guess);
            }
        }
        // scan up and down by decades from the guess while the error falls, plus RISE decades
        scan(solver, alpha, u0, +DECADE, hi, seen);
        scan(solver, alpha, u0, -DECADE, lo, seen);
        double ub = argmin(seen);
        String note = "";
        if (ub <= lo + 1e-9) {
            ErmSolution best = seen.get(ub);
            try {
                ErmSolution zero = solver.solve(alpha, 0);
                if (zero.testError() <= best.testError()) {
                    return new Result(zero, "", solver.solves() - before);
                }
            } catch (TheoryException e) {
                note = "optimum at the smallest ridge tried (lambda -> 0+ limit; lambda = 0 has no solution here)";
            }
            if (note.isEmpty()) {
                note = "optimum at the smallest ridge tried";
            }
            return new Result(best, note, solver.solves() - before);
        }
        if (ub >= hi - 1e-9) {
            return new Result(seen.get(ub), "optimum at the largest ridge tried (lambda -> infinity limit)",
                    solver.solves() - before);
        }
        double a = Math.max(lo, ub - DECADE);
        double b = Math.min(hi, ub + DECADE);
        BrentOptimizer brent = new BrentOptimizer(1e-10, LN_TOLERANCE / 4);
        brent.optimize(new MaxEval(40), GoalType.MINIMIZE, new SearchInterval(a, b, ub),
                new UnivariateObjectiveFunction(u -> eval(solver, alpha, u, seen)));
        ErmSolution best = seen.get(argmin(seen));
        return new Result(best, note, solver.solves() - before);
    }

    /**
     * The optimum at every {@code alpha1} of a curve, in order, each search starting from the
     * previous point's optimum (the same warm starts wherever a curve is searched, so {@code curve}
     * and {@code figure} report equal values at equal points).
     *
     * @param solver warm-started solver of the model
     * @param alpha  the {@code alpha1} values, in the order searched
     * @param step   called after each point (progress)
     * @throws TheoryException if no ridge could be solved at some point
     */
    public static java.util.List<Result> curve(WarmErmSolver solver, double[] alpha, Runnable step) {
        java.util.List<Result> out = new java.util.ArrayList<>();
        double guess = 0.01;
        for (double x : alpha) {
            Result r = minimise(solver, x, guess);
            out.add(r);
            guess = r.lambda() > 0 ? r.lambda() : LAMBDA_MIN;
            step.run();
        }
        return out;
    }

    private static void scan(WarmErmSolver solver, double alpha, double u0, double step, double end,
                             TreeMap<Double, ErmSolution> seen) {
        double best = seen.get(u0).testError();
        int rise = 0;
        for (double u = u0 + step; step > 0 ? u <= end + 1e-9 : u >= end - 1e-9; u += step) {
            double e = eval(solver, alpha, u, seen);
            if (e == FAILED) {
                return;
            }
            if (e < best) {
                best = e;
                rise = 0;
            } else if (++rise >= RISE) {
                return;
            }
        }
    }

    private static double eval(WarmErmSolver solver, double alpha, double u, TreeMap<Double, ErmSolution> seen) {
        ErmSolution s = seen.get(u);
        if (s == null) {
            try {
                s = solver.solve(alpha, Math.exp(u));
            } catch (TheoryException e) {
                return FAILED;
            }
            seen.put(u, s);
        }
        return s.testError();
    }

    private static double argmin(TreeMap<Double, ErmSolution> seen) {
        double arg = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        for (var e : seen.entrySet()) {
            if (e.getValue().testError() < best) {
                best = e.getValue().testError();
                arg = e.getKey();
            }
        }
        return arg;
    }
}
