package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.util.Vec;

/**
 * L-BFGS (Hipparchus 4 has none, so it is written here) specialised to linear models:
 * minimises {@code F(w, b) = sum_i phi(y_i, a_i w + b) + (lambda/2)||w||^2}. The margins
 * {@code z = A w + b} are carried along, so each iteration costs one fused pass over the
 * design ({@code A d} and {@code A^T r} at the trial point {@code t = 1}); backtracking
 * (Armijo) steps only cost {@code O(n)}, plus one more pass if {@code t < 1}. Margins are
 * recomputed exactly every 50 iterations and at the end; the reported gradient norm is
 * computed exactly at the returned point. Stops on a gradient-norm tolerance or a value
 * target; otherwise reports why it did not converge (never silently).
 *
 * <p>Two phases (on designs with {@link FeatureMatrix#hasFastLanes}; otherwise only the exact
 * one): the iterations first use {@link FeatureMatrix#fastFusedStep} (single-precision vector
 * lanes, relative error about 1e-7 of the products). When that phase would stop (gradient
 * or value rule met, or a line search failed at its rounding level), the state is recomputed with
 * the exact double-accumulated products and the iterations go on with {@link FeatureMatrix#fusedStep}
 * until a stopping rule holds on exact quantities. Every reported number is therefore exact; the
 * fast phase only changes the path.
 */
public final class MarginLbfgs {

    /** A margin loss {@code phi(y, z)}. */
    public interface MarginLoss {
        /** @return {@code phi(y, z)} */
        double value(double y, double z);

        /** @return {@code d phi / dz} */
        double derivative(double y, double z);
    }

    /**
     * @param w          weights
     * @param b          bias
     * @param value      objective
     * @param gradNorm   exact gradient norm at {@code (w, b)}
     * @param iterations iterations
     * @param converged  whether a stopping rule was met
     * @param message    reason for stopping
     */
    public record Result(double[] w, double b, double value, double gradNorm, int iterations, boolean converged,
            String message) {
    }

    /**
     * Early-stopping rule checked once per iteration before the step (for example a certificate
     * that makes further iterations pointless).
     */
    @FunctionalInterface
    public interface Monitor {
        /**
         * @param x  current point {@code (w, b)} (length {@code p + 1}; do not modify)
         * @param z  current predictions {@code A w + b} (updated incrementally; do not modify)
         * @param f  current objective
         * @param g  current gradient (do not modify)
         * @param gn its norm
         * @return a reason to stop with {@code converged = true}, or empty to go on
         */
        java.util.Optional<String> stop(double[] x, double[] z, double f, double[] g, double gn);
    }

    private static final int MEMORY = 10;

    private MarginLbfgs() {
    }

    /** Minimises from zero; see the class comment. */
    public static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter) {
        return minimize(A, y, loss, lambda, gradTol, valueTarget, maxIter, null, 0.0);
    }

    /** Same from the start point {@code (w0, b0)} ({@code w0 == null}: zero). */
    public static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter, double[] w0, double b0) {
        return minimize(A, y, loss, lambda, gradTol, valueTarget, maxIter, w0, b0, null);
    }

    /** Same with an early-stopping {@code monitor} (null: none). */
    public static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter, double[] w0, double b0, Monitor monitor) {
        return minimize(A, y, loss, lambda, gradTol, valueTarget, maxIter, w0, b0, monitor, true);
    }

    /** Same; {@code fastPhase = false} runs every iteration with the exact products (tests compare the two). */
    static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter, double[] w0, double b0, Monitor monitor, boolean fastPhase) {
        final int n = A.rows(), p = A.cols(), m = p + 1;
        double[] x = new double[m];
        if (w0 != null) {
            System.arraycopy(w0, 0, x, 0, p);
            x[p] = b0;
        }
        double[] z = new double[n];
        double[] r = new double[n];
        double[] g = new double[m];
        double f = exactState(A, y, loss, lambda, x, z, r, g);
        double gn = Vec.norm(g);
        double[][] S = new double[MEMORY][];
        double[][] Y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        double[] al = new double[MEMORY];
        int stored = 0, head = 0;
        double[] dir = new double[m];
        double[] ad = new double[n];
        double[] r1 = new double[n];
        double[] gw1 = new double[p];
        int iter = 0;
        String why;
        boolean conv;
        boolean byMonitor = false;
        boolean fast = fastPhase && A.hasFastLanes();
        while (true) {
            if (fast && (!Double.isFinite(f) || !Double.isFinite(gn) || f <= valueTarget || gn <= gradTol)) {
                // the fast phase would stop: go on with exact products from the exact state
                fast = false;
                f = exactState(A, y, loss, lambda, x, z, r, g);
                gn = Vec.norm(g);
                continue;
            }
            if (!Double.isFinite(f) || !Double.isFinite(gn)) {
                why = "non-finite objective or gradient";
                conv = false;
                break;
            }
            if (f <= valueTarget) {
                why = "value " + f + " <= target " + valueTarget;
                conv = true;
                break;
            }
            if (gn <= gradTol) {
                why = "gradient norm " + gn + " <= " + gradTol;
                conv = true;
                break;
            }
            if (monitor != null) {
                java.util.Optional<String> stop = monitor.stop(x, z, f, g, gn);
                if (stop.isPresent()) {
                    why = stop.get();
                    conv = true;
                    byMonitor = true;
                    break;
                }
            }
            if (iter >= maxIter) {
                why = "iteration cap " + maxIter + " reached, gradient norm " + gn + " > " + gradTol;
                conv = false;
                break;
            }
            for (int i = 0; i < m; i++) {
                dir[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int idx = Math.floorMod(head - 1 - k, MEMORY);
                al[idx] = rho[idx] * Vec.dot(S[idx], dir);
                Vec.axpy(-al[idx], Y[idx], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, MEMORY);
                double gamma = Vec.dot(S[last], Y[last]) / Vec.dot(Y[last], Y[last]);
                for (int i = 0; i < m; i++) {
                    dir[i] *= gamma;
                }
            } else {
                double c = 1.0 / Math.max(1.0, gn);
                for (int i = 0; i < m; i++) {
                    dir[i] *= c;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int idx = Math.floorMod(head - 1 - k, MEMORY);
                double be = rho[idx] * Vec.dot(Y[idx], dir);
                Vec.axpy(al[idx] - be, S[idx], dir);
            }
            double gd = Vec.dot(g, dir);
            if (!(gd < 0)) {
                stored = 0;
                double c = 1.0 / Math.max(1.0, gn);
                for (int i = 0; i < m; i++) {
                    dir[i] = -g[i] * c;
                }
                gd = Vec.dot(g, dir);
            }
            // fused pass: ad = A dir_w + dir_b and the data gradient at t = 1
            final double[] zf = z;
            if (fast) {
                A.fastFusedStep(dir, dir[p], z, (i, zi) -> loss.derivative(y[i], zi), ad, r1, gw1);
            } else {
                A.fusedStep(dir, dir[p], z, (i, zi) -> loss.derivative(y[i], zi), ad, r1, gw1);
            }
            double wd = 0, dd = 0;
            for (int j = 0; j < p; j++) {
                wd += x[j] * dir[j];
                dd += dir[j] * dir[j];
            }
            double t = 1.0;
            double dt = lineDelta(y, loss, zf, ad, 1.0, lambda, wd, dd);
            boolean accepted = false;
            boolean atOne = false;
            for (int ls = 0; ls < 60; ls++) {
                if (Double.isFinite(dt) && dt <= 1e-4 * t * gd) {
                    accepted = true;
                    atOne = t == 1.0;
                    break;
                }
                if (t == 1.0 && Double.isFinite(dt) && dt <= 1e-13 * Math.abs(f)) {
                    // decrease lost in rounding: accept if the gradient norm decreases
                    double s2 = 0, gb = 0;
                    for (int j = 0; j < p; j++) {
                        double gj = gw1[j] + lambda * (x[j] + dir[j]);
                        s2 += gj * gj;
                    }
                    for (int i = 0; i < n; i++) {
                        gb += r1[i];
                    }
                    if (Math.sqrt(s2 + gb * gb) < gn) {
                        accepted = true;
                        atOne = true;
                        break;
                    }
                }
                double tn;
                if (Double.isFinite(dt)) {
                    double denom = 2 * (dt - gd * t);
                    tn = denom > 0 ? -gd * t * t / denom : 0.5 * t;
                    tn = Math.max(0.1 * t, Math.min(0.5 * t, tn));
                } else {
                    tn = 0.1 * t;
                }
                t = tn;
                dt = lineDelta(y, loss, zf, ad, t, lambda, wd, dd);
            }
            iter++;
            if (!accepted && fast) {
                fast = false;
                f = exactState(A, y, loss, lambda, x, z, r, g);
                gn = Vec.norm(g);
                continue;
            }
            if (!accepted) {
                why = "line search failed at gradient norm " + gn + " > " + gradTol;
                conv = false;
                break;
            }
            double[] s = new double[m];
            double[] yv = new double[m];
            double[] gNew = new double[m];
            for (int i = 0; i < m; i++) {
                s[i] = t * dir[i];
                x[i] += s[i];
            }
            if (iter % 50 == 0) {
                f = exactState(A, y, loss, lambda, x, z, r, gNew);
            } else {
                for (int i = 0; i < n; i++) {
                    z[i] += t * ad[i];
                }
                if (atOne) {
                    double gb = 0;
                    for (int i = 0; i < n; i++) {
                        gb += r1[i];
                    }
                    for (int j = 0; j < p; j++) {
                        gNew[j] = gw1[j] + lambda * x[j];
                    }
                    gNew[p] = gb;
                } else {
                    double gb = 0;
                    for (int i = 0; i < n; i++) {
                        r[i] = loss.derivative(y[i], z[i]);
                        gb += r[i];
                    }
                    if (fast) {
                        A.fastTransposeMultiply(r, gNew);
                    } else {
                        A.transposeMultiply(r, gNew);
                    }
                    for (int j = 0; j < p; j++) {
                        gNew[j] += lambda * x[j];
                    }
                    gNew[p] = gb;
                }
                f += dt;
            }
            for (int i = 0; i < m; i++) {
                yv[i] = gNew[i] - g[i];
            }
            double sy = Vec.dot(s, yv);
            if (sy > 1e-12 * Vec.norm(s) * Vec.norm(yv)) {
                S[head] = s;
                Y[head] = yv;
                rho[head] = 1.0 / sy;
                head = (head + 1) % MEMORY;
                stored = Math.min(stored + 1, MEMORY);
            }
            g = gNew;
            gn = Vec.norm(g);
        }
        // exact final state
        double fe = exactState(A, y, loss, lambda, x, z, r, g);
        double ge = Vec.norm(g);
        if (conv && !byMonitor && f > valueTarget && ge > 10 * gradTol) {
            conv = false;
            why = "exact gradient norm " + ge + " above tolerance " + gradTol + " (rounding drift)";
        }
        return new Result(java.util.Arrays.copyOf(x, p), x[p], fe, ge, iter, conv, why);
    }

    /**
     * {@code F(x + t dir) - F(x)} summed term by term (accurate even when the decrease is far
     * below the rounding level of F itself).
     */
    private static double lineDelta(double[] y, MarginLoss loss, double[] z, double[] ad, double t, double lambda,
            double wd, double dd) {
        double v = 0;
        for (int i = 0; i < z.length; i++) {
            double zt = z[i] + t * ad[i];
            if (zt != z[i]) {
                v += loss.value(y[i], zt) - loss.value(y[i], z[i]);
            }
        }
        return v + lambda * (t * wd + 0.5 * t * t * dd);
    }

    /** Exact margins, derivatives, gradient and value at x. */
    private static double exactState(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double[] x,
            double[] z, double[] r, double[] g) {
        int n = A.rows(), p = A.cols();
        A.multiply(x, x[p], z);
        double v = 0, gb = 0;
        for (int i = 0; i < n; i++) {
            v += loss.value(y[i], z[i]);
            r[i] = loss.derivative(y[i], z[i]);
            gb += r[i];
        }
        A.transposeMultiply(r, g);
        double ww = 0;
        for (int j = 0; j < p; j++) {
            g[j] += lambda * x[j];
            ww += x[j] * x[j];
        }
        g[p] = gb;
        return v + 0.5 * lambda * ww;
    }
}
