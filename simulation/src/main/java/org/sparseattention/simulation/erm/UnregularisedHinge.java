package org.sparseattention.simulation.erm;

import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.Vec;

/**
 * The {@code lambda -> 0} limit of the hinge ERM on data that are not linearly separable: a
 * minimiser of the unregularised hinge loss {@code sum_i (1 - y_i (a_i w + b))_+}, i.e. of the
 * linear program {@code min sum_i xi_i} subject to {@code y_i (a_i w + b) >= 1 - xi_i},
 * {@code xi >= 0} (docs/theory.md, section 6: the {@code unregularised} regime).
 *
 * <p>Below a finite ridge the ridge-regularised solution is exactly a solution of the linear
 * program (the one of least {@code ||w||}; exact regularisation of linear programs), so the hinge
 * ERM is solved at {@code lambda = 1e-4, 1e-5, ...} and each solution is checked for optimality in
 * the linear program by duality. The LP dual is {@code max sum_i alpha_i} subject to
 * {@code sum_i alpha_i y_i a_i = 0}, {@code sum_i alpha_i y_i = 0}, {@code 0 <= alpha <= 1}. The
 * ridge multipliers satisfy all of it except {@code sum_i alpha_i y_i a_i = lambda w}; the
 * smallest correction of the multipliers of the samples on the margin that removes this residual
 * (a least-norm solve of {@code p + 1} equations) gives a candidate dual point. If it lies in the
 * box, weak duality bounds the LP optimum from below by its value, and the hinge loss of the
 * ridge solution bounds it from above: the solution is certified when the two agree to
 * {@link #LP_REL_GAP} (relative). The reported optimality is that gap.
 */
public final class UnregularisedHinge {
    /** Relative LP duality gap (including the dual residual) that certifies the minimiser. */
    public static final double LP_REL_GAP = 1e-9;
    /** Largest ridge of the path; each further ridge divides it by 10. */
    static final double LAMBDA_START = 1e-4;
    /** Number of ridges tried (down to {@code 1e-4 x 10^-(TRIES-1)}). */
    static final int TRIES = 7;
    /** Largest violation of the box {@code [0, 1]} by a corrected multiplier that is clipped (rounding). */
    static final double BOX_TOL = 1e-9;

    private UnregularisedHinge() {
    }

    /** Outcome of the LP optimality check of one ridge solution. */
    record Certificate(boolean certified, double primal, double gap, String detail) {
    }

    /**
     * Solves the limit; the reported objective is the hinge loss {@code sum_i (1 - y_i z_i)_+}.
     *
     * @param testIterations iterations already spent by the separability test (added to the count)
     * @throws SimulationException if no ridge solution on the path is certified optimal for the LP
     *                             (the message gives the last check or solver failure)
     */
    static ErmResult solve(FeatureMatrix A, double[] y, int testIterations) {
        double lambda = LAMBDA_START;
        int iterations = testIterations;
        String last = "";
        for (int k = 0; k < TRIES; k++, lambda *= 0.1) {
            HingeDualCd.Ridge r;
            try {
                r = HingeDualCd.solveRidge(A, y, lambda);
            } catch (SimulationException e) {
                // a ridge that the fast solver cannot settle: try the next one
                last = "lambda=" + lambda + ": ridge solve failed (" + e.getMessage() + ")";
                continue;
            }
            iterations += r.result().iterations();
            Certificate c = certify(A, y, r.result().w(), r.result().b(), r.alpha());
            last = "lambda=" + lambda + ": " + c.detail();
            if (c.certified()) {
                return new ErmResult(r.result().w(), r.result().b(), c.primal(), c.gap(), r.result().biasResidual(),
                        iterations, "unregularised hinge minimiser (data not separable) = hinge ERM at lambda=" + lambda
                                + ", optimal for the linear program by duality: " + c.detail());
            }
        }
        throw new SimulationException("unregularised hinge limit not certified: no ridge solution down to lambda="
                + lambda * 10 + " passed the LP optimality check (" + last + ")");
    }

    /**
     * LP optimality check of a ridge solution {@code (w, b)} with multipliers {@code alpha} (see the
     * class comment).
     */
    static Certificate certify(FeatureMatrix A, double[] y, double[] w, double b, double[] alpha) {
        int n = A.rows(), p = A.cols();
        double[] z = new double[n];
        A.multiply(w, b, z);
        double primal = 0;
        for (int i = 0; i < n; i++) {
            primal += LossKind.HINGE.value(y[i], z[i]);
        }
        int[] free = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (alpha[i] > 0 && alpha[i] < 1) {
                free[k++] = i;
            }
        }
        double[] a = alpha.clone();
        double[] t = residual(A, y, a);
        if (k > 0) {
            // M = [Y_F A_F ; y_F]^T, (p+1) x k; least-norm (k >= p+1) or least-squares (k < p+1) correction
            // delta with M delta = -t
            int m = p + 1;
            int[] fr = java.util.Arrays.copyOf(free, k);
            double[][] rows = new double[k][];
            for (int c = 0; c < k; c++) {
                double[] col = new double[m];
                int i = fr[c];
                for (int j = 0; j < p; j++) {
                    col[j] = y[i] * A.get(i, j);
                }
                col[p] = y[i];
                rows[c] = col;
            }
            double[] delta = new double[k];
            for (int refine = 0; refine < 2; refine++) {
                double[] step = k >= m ? leastNorm(rows, k, m, t) : leastSquares(rows, k, m, t);
                if (step.length == 0) {
                    return new Certificate(false, primal, Double.NaN, "singular margin system (" + k + " samples on the margin, p+1="
                            + m + ")");
                }
                for (int c = 0; c < k; c++) {
                    delta[c] -= step[c];
                    a[fr[c]] = alpha[fr[c]] + delta[c];
                }
                t = residual(A, y, a);
            }
            double worst = 0;
            for (int c = 0; c < k; c++) {
                int i = fr[c];
                worst = Math.max(worst, Math.max(-a[i], a[i] - 1));
                a[i] = Math.min(1, Math.max(0, a[i]));
            }
            if (worst > BOX_TOL) {
                return new Certificate(false, primal, Double.NaN, "corrected multipliers leave [0, 1] by " + worst + " ("
                        + k + " samples on the margin)");
            }
            t = residual(A, y, a);
        }
        double dual = 0;
        for (double v : a) {
            dual += v;
        }
        double tw = 0;
        for (int j = 0; j < p; j++) {
            tw += t[j] * t[j];
        }
        // weak duality with an inexact dual point: LP* >= dual - <w*, t_w> - b* t_b, bounded with the found (w, b)
        double slack = Math.sqrt(tw) * Vec.norm(w) + Math.abs(t[p] * b);
        double gap = primal - dual + slack;
        boolean ok = Math.abs(primal - dual) + slack <= LP_REL_GAP * Math.max(1, primal);
        return new Certificate(ok, primal, gap, "hinge loss " + primal + ", LP dual bound " + dual + ", dual residual "
                + Math.sqrt(tw + t[p] * t[p]) + " (" + k + " samples on the margin)");
    }

    /** {@code t = (sum_i alpha_i y_i a_i, sum_i alpha_i y_i)}. */
    private static double[] residual(FeatureMatrix A, double[] y, double[] alpha) {
        int n = A.rows(), p = A.cols();
        double[] ay = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            ay[i] = alpha[i] * y[i];
            s += ay[i];
        }
        double[] t = new double[p + 1];
        double[] tw = new double[p];
        A.transposeMultiply(ay, tw);
        System.arraycopy(tw, 0, t, 0, p);
        t[p] = s;
        return t;
    }

    /** Least-norm {@code x} with {@code M x = t} ({@code M} = columns {@code rows}, {@code k >= m}); empty if singular. */
    private static double[] leastNorm(double[][] rows, int k, int m, double[] t) {
        RealMatrix G = MatrixUtils.createRealMatrix(m, m);
        double[][] g = new double[m][m];
        for (int c = 0; c < k; c++) {
            double[] col = rows[c];
            for (int r = 0; r < m; r++) {
                double v = col[r];
                if (v == 0) {
                    continue;
                }
                double[] gr = g[r];
                for (int s = 0; s <= r; s++) {
                    gr[s] += v * col[s];
                }
            }
        }
        for (int r = 0; r < m; r++) {
            for (int s = 0; s <= r; s++) {
                G.setEntry(r, s, g[r][s]);
                G.setEntry(s, r, g[r][s]);
            }
        }
        LUDecomposition lu = new LUDecomposition(G, 1e-14);
        if (!lu.getSolver().isNonSingular()) {
            return new double[0];
        }
        double[] u = lu.getSolver().solve(MatrixUtils.createRealVector(t)).toArray();
        double[] x = new double[k];
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int r = 0; r < m; r++) {
                s += rows[c][r] * u[r];
            }
            x[c] = s;
        }
        return x;
    }

    /** Least-squares {@code x} minimising {@code ||M x - t||} ({@code k < m}); empty if singular. */
    private static double[] leastSquares(double[][] rows, int k, int m, double[] t) {
        RealMatrix G = MatrixUtils.createRealMatrix(k, k);
        double[] rhs = new double[k];
        for (int c = 0; c < k; c++) {
            for (int d = 0; d <= c; d++) {
                double s = 0;
                for (int r = 0; r < m; r++) {
                    s += rows[c][r] * rows[d][r];
                }
                G.setEntry(c, d, s);
                G.setEntry(d, c, s);
            }
            double s = 0;
            for (int r = 0; r < m; r++) {
                s += rows[c][r] * t[r];
            }
            rhs[c] = s;
        }
        LUDecomposition lu = new LUDecomposition(G, 1e-14);
        if (!lu.getSolver().isNonSingular()) {
            return new double[0];
        }
        return lu.getSolver().solve(MatrixUtils.createRealVector(rhs)).toArray();
    }
}
