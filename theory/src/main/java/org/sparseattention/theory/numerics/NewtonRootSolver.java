package org.sparseattention.theory.numerics;

import java.util.Optional;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.util.FastMath;

/**
 * Damped quasi-Newton root finder for small systems {@code F(x) = 0}: forward-difference
 * Jacobian, Broyden rank-one updates between refreshes, backtracking on {@code ||F||}.
 * Hipparchus has no multivariate root finder, hence this small kernel; the linear solves use
 * Hipparchus's QR decomposition. Configure once and reuse; thread-safe (no mutable state).
 */
public final class NewtonRootSolver {

    /** A map {@code R^n -> R^n}; writes {@code F(x)} into {@code f}. */
    @FunctionalInterface
    public interface VectorFunction {
        void value(double[] x, double[] f);
    }

    /** A map {@code R^n -> R^n} with its Jacobian: writes {@code F(x)} into {@code f} and {@code dF_i/dx_j} into {@code jac[i][j]}. */
    @FunctionalInterface
    public interface DifferentiableFunction {
        void value(double[] x, double[] f, double[][] jac);
    }

    /**
     * Outcome of a solve.
     *
     * @param x           last iterate
     * @param f           {@code F(x)}
     * @param residual    {@code max_i |F_i(x)|}
     * @param iterations  Newton iterations
     * @param evaluations function evaluations (Jacobians included)
     * @param converged   whether {@code residual <= tolerance} (or within {@link #PRECISION_FLOOR} of it at a
     *                    point where no Newton step reduces the residual any more)
     * @param jacobian    last Jacobian approximation (usable as the next solve's guess; empty if
     *                    {@code F(x0)} was not finite)
     */
    public record Result(double[] x, double[] f, double residual, int iterations, int evaluations,
                         boolean converged, double[][] jacobian) {
    }

    /**
     * A solve whose exact Newton step can no longer reduce {@code ||F||} is accepted when its residual
     * is within this factor of the tolerance: {@code F} is then at its floating-point noise floor.
     */
    public static final double PRECISION_FLOOR = 100;

    private final double tolerance;
    private final int maxIterations;

    /**
     * @param tolerance     convergence threshold on {@code max |F_i|}
     * @param maxIterations iteration budget
     */
    public NewtonRootSolver(double tolerance, int maxIterations) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /** Convergence threshold. */
    public double tolerance() {
        return tolerance;
    }

    /**
     * Solves from {@code x0}.
     *
     * @param fun           the residual map
     * @param x0            starting point (not modified)
     * @param jacobianGuess Jacobian to start from (e.g. from a nearby solve); {@code null} or one of
     *                      another size means none (a finite-difference Jacobian at {@code x0})
     */
    public Result solve(VectorFunction fun, double[] x0, double[][] jacobianGuess) {
        int n = x0.length;
        boolean guessed = jacobianGuess != null && jacobianGuess.length == n;
        double[] x = x0.clone();
        double[] f = new double[n];
        int[] evals = {0};
        eval(fun, x, f, evals);
        if (!finite(f)) {
            return new Result(x, f, Double.NaN, 0, evals[0], false, new double[0][0]);
        }
        double[][] jac = guessed ? copy(jacobianGuess) : jacobian(fun, x, f, evals);
        boolean fresh = !guessed;
        double norm = Norms.euclidean(f);
        int it = 0;
        boolean stalled = false;
        double[] xn = new double[n];
        double[] fn = new double[n];
        while (Norms.max(f) > tolerance && it < maxIterations) {
            it++;
            Optional<double[]> step = newtonStep(jac, f);
            boolean accepted = false;
            double t = 1;
            double normNew = Double.NaN;
            if (step.isPresent()) {
                double[] dx = step.get();
                for (int k = 0; k < 30; k++) {
                    for (int i = 0; i < n; i++) {
                        xn[i] = x[i] + t * dx[i];
                    }
                    eval(fun, xn, fn, evals);
                    normNew = Norms.euclidean(fn);
                    if (finite(fn) && normNew <= (1 - 1e-4 * t) * norm) {
                        accepted = true;
                        break;
                    }
                    t *= 0.5;
                }
            }
            if (!accepted) {
                if (fresh) {
                    // a true Newton direction failed: either the residual sits at the precision floor of
                    // F (accepted when within PRECISION_FLOOR x tolerance) or the solve failed
                    stalled = true;
                    break;
                }
                jac = jacobian(fun, x, f, evals);
                fresh = true;
                continue;
            }
            // Broyden update with the accepted step s = xn - x, y = fn - f
            double[] s = new double[n];
            double ss = 0;
            for (int i = 0; i < n; i++) {
                s[i] = xn[i] - x[i];
                ss += s[i] * s[i];
            }
            boolean slow = normNew > 0.5 * norm;
            System.arraycopy(xn, 0, x, 0, n);
            double[] fOld = f.clone();
            System.arraycopy(fn, 0, f, 0, n);
            norm = normNew;
            if (slow && Norms.max(f) > tolerance) {
                jac = jacobian(fun, x, f, evals);
                fresh = true;
            } else if (ss > 0) {
                for (int i = 0; i < n; i++) {
                    double js = 0;
                    for (int j = 0; j < n; j++) {
                        js += jac[i][j] * s[j];
                    }
                    double c = (f[i] - fOld[i] - js) / ss;
                    for (int j = 0; j < n; j++) {
                        jac[i][j] += c * s[j];
                    }
                }
                fresh = false;
            }
        }
        double res = Norms.max(f);
        boolean ok = res <= tolerance || (stalled && res <= PRECISION_FLOOR * tolerance);
        return new Result(x, f, res, it, evals[0], ok, jac);
    }

    /**
     * Newton's method with the exact Jacobian, evaluated together with {@code F} at every iterate
     * (quadratic convergence near the root), damped by backtracking on {@code ||F||} as in
     * {@link #solve(VectorFunction, double[], double[][])}; a step that no backtracking makes
     * decrease {@code ||F||} ends the solve (converged if within {@link #PRECISION_FLOOR} of the tolerance).
     */
    public Result solve(DifferentiableFunction fun, double[] x0) {
        return solve(fun, null, x0);
    }

    /**
     * As {@link #solve(DifferentiableFunction, double[])}, but a trial point that the quadratic
     * convergence predicts to be the last ({@code C r^2 <= tolerance/10}, with {@code r = max |F_i|} and
     * {@code C} the ratio {@code r_new/r^2} of the last full step, 1 at first) is evaluated by {@code last}
     * (no Jacobian; e.g. {@code F} with the outputs wanted at the solution). If it is not converged after
     * all, the Jacobian is evaluated there before the next step. The returned Jacobian is then that of
     * the previous iterate.
     *
     * @param last {@code F} alone, or {@code null} to evaluate the Jacobian at every iterate
     */
    public Result solve(DifferentiableFunction fun, VectorFunction last, double[] x0) {
        return solve(fun, last, x0, null);
    }

    /**
     * As {@link #solve(DifferentiableFunction, VectorFunction, double[])} from a start that is expected
     * to be (nearly) a root, with a Jacobian guess (e.g. the mean of nearby exact Jacobians): {@code F} is
     * evaluated there by {@code last} alone and the first step uses the guess; the exact Jacobian is
     * evaluated only where that step does not converge.
     *
     * @param guess Jacobian at (or near) {@code x0}, or {@code null} to evaluate it
     */
    public Result solve(DifferentiableFunction fun, VectorFunction last, double[] x0, double[][] guess) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] f = new double[n];
        double[][] jac = new double[n][n];
        int evals = 1;
        boolean exact = !(last != null && guess != null && guess.length == n);
        if (exact) {
            fun.value(x, f, jac);
        } else {
            last.value(x, f);
            jac = copy(guess);
        }
        if (!finite(f)) {
            return new Result(x, f, Double.NaN, 0, evals, false, new double[0][0]);
        }
        double norm = Norms.euclidean(f);
        double ratio = 1;
        int it = 0;
        boolean stalled = false;
        double[] xn = new double[n];
        double[] fn = new double[n];
        double[][] jn = new double[n][n];
        while (Norms.max(f) > tolerance && it < maxIterations) {
            it++;
            double r = Norms.max(f);
            boolean cheap = last != null && ratio * r * r <= 0.1 * tolerance;
            Optional<double[]> step = newtonStep(jac, f);
            boolean accepted = false;
            boolean full = false;
            if (step.isPresent()) {
                double[] dx = step.get();
                double t = 1;
                for (int k = 0; k < 30; k++) {
                    for (int i = 0; i < n; i++) {
                        xn[i] = x[i] + t * dx[i];
                    }
                    if (cheap) {
                        last.value(xn, fn);
                    } else {
                        fun.value(xn, fn, jn);
                    }
                    evals++;
                    double normNew = Norms.euclidean(fn);
                    if (finite(fn) && normNew <= (1 - 1e-4 * t) * norm) {
                        accepted = true;
                        full = t == 1;
                        norm = normNew;
                        break;
                    }
                    t *= 0.5;
                }
            }
            if (!accepted && !exact) {
                // the guessed Jacobian gave no descent: evaluate the exact one and retry
                fun.value(x, f, jac);
                evals++;
                exact = true;
                continue;
            }
            if (!accepted) {
                stalled = true;
                break;
            }
            double rNew = Norms.max(fn);
            if (full && r > 0) {
                ratio = rNew / (r * r);
            }
            System.arraycopy(xn, 0, x, 0, n);
            System.arraycopy(fn, 0, f, 0, n);
            if (!cheap) {
                double[][] swap = jac;
                jac = jn;
                jn = swap;
                exact = true;
            } else if (rNew > tolerance) {
                fun.value(x, f, jac);
                evals++;
                norm = Norms.euclidean(f);
                exact = true;
            }
        }
        double res = Norms.max(f);
        boolean ok = res <= tolerance || (stalled && res <= PRECISION_FLOOR * tolerance);
        return new Result(x, f, res, it, evals, ok, copy(jac));
    }

    private static void eval(VectorFunction fun, double[] x, double[] f, int[] evals) {
        fun.value(x, f);
        evals[0]++;
    }

    /** Forward-difference Jacobian. */
    private static double[][] jacobian(VectorFunction fun, double[] x, double[] f, int[] evals) {
        int n = x.length;
        double[][] jac = new double[n][n];
        double[] xp = x.clone();
        double[] fp = new double[n];
        for (int j = 0; j < n; j++) {
            double h = 1e-7 * FastMath.max(1, FastMath.abs(x[j]));
            xp[j] = x[j] + h;
            eval(fun, xp, fp, evals);
            for (int i = 0; i < n; i++) {
                jac[i][j] = (fp[i] - f[i]) / h;
            }
            xp[j] = x[j];
        }
        return jac;
    }

    /** The Newton step {@code -J^{-1} F}, or empty if {@code J} is singular or not finite. */
    private static Optional<double[]> newtonStep(double[][] jac, double[] f) {
        for (double[] row : jac) {
            if (!finite(row)) {
                return Optional.empty();
            }
        }
        RealMatrix a = new Array2DRowRealMatrix(jac, false);
        DecompositionSolver solver = new QRDecomposition(a, 1e-14).getSolver();
        if (!solver.isNonSingular()) {
            return Optional.empty();
        }
        double[] rhs = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            rhs[i] = -f[i];
        }
        double[] dx = solver.solve(new ArrayRealVector(rhs, false)).toArray();
        return finite(dx) ? Optional.of(dx) : Optional.empty();
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }


}
