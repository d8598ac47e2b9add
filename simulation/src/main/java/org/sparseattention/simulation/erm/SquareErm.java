package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.Vec;

/**
 * Square-loss ERM {@code min sum_i (y_i - a_i w - b)^2/2 + (lambda/2)||w||^2} by damped CGLS
 * (conjugate gradient on the normal equations) on the column-centred design, which
 * eliminates the unpenalised bias exactly: {@code b = mean(y) - mean(a) w}. Started from 0,
 * CGLS converges to the minimum-norm solution, so {@code lambda = 0} with more features than
 * samples gives the minimum-norm interpolator (docs/theory.md section 6). Matrix-free: only
 * products with {@code A} and {@code A^T}.
 */
public final class SquareErm {
    /** Relative tolerance on the normal-equation residual (the gradient in w). */
    public static final double REL_TOL = 1e-10;

    private SquareErm() {
    }

    /**
     * Solves the square-loss ERM.
     *
     * @throws SimulationException if CGLS does not reach the tolerance
     */
    public static ErmResult solve(FeatureMatrix A, double[] y, double lambda) {
        int n = A.rows(), p = A.cols();
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1.0 / n);
        double[] abar = new double[p];
        A.transposeMultiply(ones, abar);
        double ybar = Vec.sum(y) / n;
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = y[i] - ybar;
        }
        double[] x = new double[p];
        double[] s = new double[p];
        opT(A, abar, r, s);
        double s0 = Vec.norm(s);
        double tol = REL_TOL * s0;
        double[] pv = s.clone();
        double[] q = new double[n];
        double gamma = Vec.dot(s, s);
        int maxIter = 10 * (p + 1) + 100;
        int it = 0;
        while (Math.sqrt(gamma) > tol) {
            if (it >= maxIter) {
                throw new SimulationException("square-loss CGLS did not converge in " + maxIter
                        + " iterations: residual " + Math.sqrt(gamma) + " > " + tol + " (lambda=" + lambda + ")");
            }
            op(A, abar, pv, q);
            double delta = Vec.dot(q, q) + lambda * Vec.dot(pv, pv);
            double alpha = gamma / delta;
            Vec.axpy(alpha, pv, x);
            Vec.axpy(-alpha, q, r);
            opT(A, abar, r, s);
            Vec.axpy(-lambda, x, s);
            double gn = Vec.dot(s, s);
            double beta = gn / gamma;
            for (int j = 0; j < p; j++) {
                pv[j] = s[j] + beta * pv[j];
            }
            gamma = gn;
            it++;
        }
        double b = ybar - Vec.dot(abar, x);
        // true gradient at the solution
        double[] z = new double[n];
        A.multiply(x, b, z);
        // one operation per loop: a loop that stores z and carries two reductions made the C2
        // compiler of OpenJDK 17.0.15 crash (SuperWord, TypeVect::xmeet) in most runs
        Vec.axpy(-1.0, y, z);
        double obj = 0.5 * Vec.dot(z, z);
        double gb = Vec.sum(z);
        double[] gw = new double[p];
        A.transposeMultiply(z, gw);
        Vec.axpy(lambda, x, gw);
        obj += 0.5 * lambda * Vec.dot(x, x);
        double gnorm = Math.sqrt(Vec.dot(gw, gw) + gb * gb);
        if (gnorm > 1e-6 * Math.max(1.0, s0)) {
            throw new SimulationException("square-loss CGLS lost accuracy: gradient norm " + gnorm
                    + " after " + it + " iterations (initial " + s0 + ")");
        }
        return new ErmResult(x, b, obj, gnorm, 0.0, it, "CGLS, relative residual " + REL_TOL);
    }

    /** out = A_c v, A_c the column-centred design. */
    private static void op(FeatureMatrix A, double[] abar, double[] v, double[] out) {
        A.multiply(v, -Vec.dot(abar, v), out);
    }

    /** out = A_c^T r. */
    private static void opT(FeatureMatrix A, double[] abar, double[] r, double[] out) {
        A.transposeMultiply(r, out);
        Vec.axpy(-Vec.sum(r), abar, out);
    }
}
