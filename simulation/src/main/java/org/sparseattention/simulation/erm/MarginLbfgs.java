package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Vec;

/**
 * L-BFGS (Hipparchus 4 has none, so it is written here) specialised to linear models:
 * minimises {@code F(w, b) = sum_i phi(y_i, a_i w + b) + (lambda/2)||w||^2}. The margins
 * {@code z = A w + b} are carried along, so each iteration costs two products with the design,
 * {@code A d} for the direction {@code d} and {@code A^T r} at the accepted point, whatever the
 * line search does (with the exact products both are one pass, {@link FeatureMatrix#fusedStep}, when
 * the full step {@code t = 1} is accepted, as it usually is): along the line the objective is
 * {@code F(t) = sum_i phi(y_i, z_i + t (A d)_i) + (lambda/2)||w + t d_w||^2}, and it and its slope
 * cost {@code O(n)}. The step therefore satisfies the strong Wolfe conditions
 * ({@code F(t) - F(0) <= c1 t F'(0)}, {@code |F'(t)| <= c2 |F'(0)|}, {@link #C1}, {@link #C2}; bracketing
 * and cubic interpolation as in Nocedal and Wright, Numerical Optimization, algorithms 3.5 and 3.6),
 * which keeps every curvature pair positive and the quasi-Newton model accurate. {@code F(t) - F(0)} is
 * summed term by term (accurate even when the decrease is far below the rounding level of F itself).
 * Margins are recomputed exactly every {@value #EXACT_EVERY} iterations and at the end; the
 * reported gradient norm is computed exactly at the returned point. Stops on a gradient-norm
 * tolerance or a value target; otherwise reports why it did not converge (never silently).
 *
 * <p>The bias is scaled: the initial inverse Hessian of the two-loop recursion is
 * {@code gamma diag(1, ..., 1, k^2)} with {@code k^2} the mean squared entry of {@code A}
 * ({@link #biasScale2}), i.e. L-BFGS on the equivalent problem in {@code (w, b / k)}, whose bias column
 * {@code k 1} is as long as a typical column of {@code A}. Unscaled, the column of ones ({@code sqrt(n)}
 * long against about {@code sqrt(n / p)} for the features scaled by {@code 1/sqrt(d)}) dominates the
 * curvature and most iterations go into learning that one scale.
 *
 * <p>Two phases (on designs with {@link FeatureMatrix#hasFastLanes}; otherwise only the exact
 * one): the iterations first compute the gradient with {@link FeatureMatrix#fastTransposeMultiply}
 * (single-precision vector lanes, relative error about 1e-7 of the product). When that phase would stop (gradient or value rule met, or a line search
 * failed at its rounding level), the state is recomputed with the exact double-accumulated products
 * and the iterations go on with {@link FeatureMatrix#fusedStep} (and {@link FeatureMatrix#transposeMultiply}
 * after a step other than 1) until a stopping rule holds on exact quantities. Every reported number is therefore exact; the
 * fast phase only changes the path.
 */
public final class MarginLbfgs {

    /** A margin loss {@code phi(y, z)}. */
    public interface MarginLoss {
        /** @return {@code phi(y, z)} */
        double value(double y, double z);

        /** @return {@code d phi / dz} */
        double derivative(double y, double z);

        /**
         * @return {@code phi(y, z)}, having stored {@code d phi / dz} in {@code der[i]} (one call, so that
         *         a loss whose value and derivative share work computes it once; the default calls
         *         {@link #value} and {@link #derivative})
         */
        default double valueAndDerivative(double y, double z, double[] der, int i) {
            der[i] = derivative(y, z);
            return value(y, z);
        }
    }

    /**
     * @param w          weights
     * @param b          bias
     * @param value      objective
     * @param gradNorm   exact gradient norm at {@code (w, b)}
     * @param iterations iterations
     * @param converged  whether a stopping rule was met
     * @param message    reason for stopping
     * @param gradTol    the gradient-norm tolerance applied (absolute)
     */
    public record Result(double[] w, double b, double value, double gradNorm, int iterations, boolean converged,
            String message, double gradTol) {
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

    /** L-BFGS memory (correction pairs kept) unless a caller asks for another. */
    public static final int DEFAULT_MEMORY = 10;
    /** Sufficient-decrease constant of the strong Wolfe conditions. */
    static final double C1 = 1e-4;
    /** Curvature constant of the strong Wolfe conditions (the usual quasi-Newton value). */
    static final double C2 = 0.9;
    /** Evaluations of the line function per line search. */
    private static final int MAX_LINE_EVALS = 40;
    /** Largest step of the extrapolation phase of a line search. */
    private static final double MAX_STEP = 1e10;
    /** Samples per chunk of a line-function evaluation (fixed: part of the summation order). */
    private static final int LINE_CHUNK = 1024;
    /** Rows on which the bias scale {@link #biasScale2} is estimated. */
    private static final int BIAS_SCALE_ROWS = 256;
    /** Iterations between exact recomputations of the margins. */
    static final int EXACT_EVERY = 50;

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

    /**
     * Same with {@code memory} correction pairs instead of {@link #DEFAULT_MEMORY} (long, ill-conditioned
     * solves such as the separability test's squared hinge take fewer iterations with more).
     */
    public static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter, double[] w0, double b0, Monitor monitor, int memory) {
        if (memory < 1) {
            throw new IllegalArgumentException("L-BFGS memory must be >= 1, got " + memory);
        }
        return minimize(A, y, loss, lambda, gradTol, 0.0, valueTarget, maxIter, w0, b0, monitor, true, memory);
    }

    /**
     * Minimises from zero to the gradient-norm tolerance {@code relGradTol x max(1, ||grad F(0)||)}
     * (the exact gradient at the start point, which the iteration computes anyway); see the class comment.
     */
    public static Result minimizeRelative(FeatureMatrix A, double[] y, MarginLoss loss, double lambda,
            double relGradTol, int maxIter) {
        return minimize(A, y, loss, lambda, 0.0, relGradTol, Double.NEGATIVE_INFINITY, maxIter, null, 0.0, null, true,
                DEFAULT_MEMORY);
    }

    /** Same; {@code fastPhase = false} runs every iteration with the exact products (tests compare the two). */
    static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double valueTarget, int maxIter, double[] w0, double b0, Monitor monitor, boolean fastPhase) {
        return minimize(A, y, loss, lambda, gradTol, 0.0, valueTarget, maxIter, w0, b0, monitor, fastPhase,
                DEFAULT_MEMORY);
    }

    /**
     * The iteration: stops when the gradient norm is at most
     * {@code max(gradTol, relGradTol x max(1, ||gradient at the start||))}, or on the value target, the monitor
     * or the iteration cap.
     */
    static Result minimize(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double gradTol,
            double relGradTol, double valueTarget, int maxIter, double[] w0, double b0, Monitor monitor,
            boolean fastPhase, int memory) {
        final int n = A.rows(), p = A.cols(), m = p + 1;
        double[] x = new double[m];
        if (w0 != null) {
            System.arraycopy(w0, 0, x, 0, p);
            x[p] = b0;
        }
        double[] z = new double[n];
        double[] r = new double[n];
        double[] g = new double[m];
        double[] gNew = new double[m];
        double f = exactState(A, y, loss, lambda, x, z, r, g);
        double gn = Vec.norm(g);
        gradTol = Math.max(gradTol, relGradTol * Math.max(1.0, gn));
        // whether z, r, g and f are the exact state at x (then the final recomputation is skipped)
        boolean exactAtX = true;
        final double biasScale2 = biasScale2(A);
        double[][] S = new double[memory][m];
        double[][] Y = new double[memory][m];
        double[] rho = new double[memory];
        double[] al = new double[memory];
        int stored = 0, head = 0;
        double[] dir = new double[m];
        double[] ad = new double[n];
        double[] r1 = new double[n];
        double[] gw1 = new double[p];
        Line line = new Line(y, loss, lambda, z, ad, A.executor());
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
                exactAtX = true;
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
            // two-loop recursion: dir = -H g
            for (int i = 0; i < m; i++) {
                dir[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int idx = Math.floorMod(head - 1 - k, memory);
                al[idx] = rho[idx] * Vec.dot(S[idx], dir);
                Vec.axpy(-al[idx], Y[idx], dir);
            }
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                double[] yl = Y[last];
                double gamma = Vec.dot(S[last], yl) / (Vec.dot(yl, yl) - (1 - biasScale2) * yl[p] * yl[p]);
                for (int i = 0; i < p; i++) {
                    dir[i] *= gamma;
                }
                dir[p] *= gamma * biasScale2;
            } else {
                double c = 1.0 / Math.max(1.0, gn);
                for (int i = 0; i < p; i++) {
                    dir[i] *= c;
                }
                dir[p] *= c * biasScale2;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int idx = Math.floorMod(head - 1 - k, memory);
                double be = rho[idx] * Vec.dot(Y[idx], dir);
                Vec.axpy(al[idx] - be, S[idx], dir);
            }
            if (!(Vec.dot(g, dir) < 0)) {
                stored = 0;
                double c = 1.0 / Math.max(1.0, gn);
                for (int i = 0; i < p; i++) {
                    dir[i] = -g[i] * c;
                }
                dir[p] = -g[p] * c * biasScale2;
            }
            // first pass: the direction in margin space (exact: a single-precision sum of columns
            // would need a column-major copy of the design, whose construction and garbage cost more than
            // it saves over the few dozen iterations a fit takes); in the exact phase fused with the
            // data gradient at t = 1 (one pass over the design, which the usual full step then reuses)
            if (fast) {
                A.multiply(dir, dir[p], ad);
            } else {
                A.fusedStep(dir, dir[p], z, (i, zi) -> loss.derivative(y[i], zi), ad, r1, gw1);
            }
            double wd = 0, dd = 0;
            for (int j = 0; j < p; j++) {
                wd += x[j] * dir[j];
                dd += dir[j] * dir[j];
            }
            // slope of the line function at 0 (consistent with ad, whatever the products' rounding)
            double d0 = lambda * wd;
            for (int i = 0; i < n; i++) {
                d0 += r[i] * ad[i];
            }
            double t = Double.NaN;
            if (d0 < 0) {
                line.start(wd, dd);
                t = line.search(d0, 1e-14 * Math.abs(f));
            }
            iter++;
            if (Double.isNaN(t) && stored > 0) {
                // not a descent direction in margin space, or no acceptable step: drop the memory
                stored = 0;
                continue;
            }
            if (Double.isNaN(t) && fast) {
                fast = false;
                f = exactState(A, y, loss, lambda, x, z, r, g);
                gn = Vec.norm(g);
                exactAtX = true;
                continue;
            }
            if (Double.isNaN(t)) {
                why = "line search failed at gradient norm " + gn + " > " + gradTol;
                conv = false;
                break;
            }
            double[] s = S[head];
            double[] yv = Y[head];
            for (int i = 0; i < m; i++) {
                s[i] = t * dir[i];
                x[i] += s[i];
            }
            exactAtX = iter % EXACT_EVERY == 0;
            if (iter % EXACT_EVERY == 0) {
                f = exactState(A, y, loss, lambda, x, z, r, gNew);
            } else {
                // second pass: the gradient at the accepted point (margins and derivatives from the line search)
                f += line.accept(z, r);
                double gb = 0;
                for (int i = 0; i < n; i++) {
                    gb += r[i];
                }
                if (fast) {
                    A.fastTransposeMultiply(r, gNew);
                } else if (t == 1.0) {
                    // the fused pass's derivatives at t = 1 are the line search's (same margins z + ad)
                    System.arraycopy(gw1, 0, gNew, 0, p);
                } else {
                    A.transposeMultiply(r, gNew);
                }
                for (int j = 0; j < p; j++) {
                    gNew[j] += lambda * x[j];
                }
                gNew[p] = gb;
            }
            for (int i = 0; i < m; i++) {
                yv[i] = gNew[i] - g[i];
            }
            double sy = Vec.dot(s, yv);
            if (sy > 1e-12 * Vec.norm(s) * Vec.norm(yv)) {
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            } else {
                // the pair written at head is not kept; when the memory was full it overwrote the oldest one
                stored = Math.min(stored, memory - 1);
            }
            double[] tmp = g;
            g = gNew;
            gNew = tmp;
            gn = Vec.norm(g);
        }
        // exact final state
        double fe = exactAtX ? f : exactState(A, y, loss, lambda, x, z, r, g);
        double ge = exactAtX ? gn : Vec.norm(g);
        if (conv && !byMonitor && f > valueTarget && ge > 10 * gradTol) {
            conv = false;
            why = "exact gradient norm " + ge + " above tolerance " + gradTol + " (rounding drift)";
        }
        return new Result(java.util.Arrays.copyOf(x, p), x[p], fe, ge, iter, conv, why, gradTol);
    }

    /**
     * The objective along a line, {@code F(t) - F(0)} and {@code F'(t)}, from the margins {@code z}
     * and the margin direction {@code ad} in {@code O(n)}; the last evaluation's margins, losses and
     * derivatives are kept so that an accepted step costs nothing more.
     */
    private static final class Line {
        private final double[] y;
        private final MarginLoss loss;
        private final ChunkedExecutor ex;
        private final double lambda;
        private final double[] z;
        private final double[] ad;
        /** Losses at {@code z} (filled on the first evaluation of a search). */
        private final double[] l0;
        private final double[] zt;
        private final double[] lt;
        private final double[] rt;
        private boolean haveL0;
        private double wd;
        private double dd;
        /** {@code F(t) - F(0)} of the last evaluation. */
        private double val;
        /** {@code F'(t)} of the last evaluation. */
        private double der;

        Line(double[] y, MarginLoss loss, double lambda, double[] z, double[] ad, ChunkedExecutor ex) {
            this.ex = ex;
            int n = z.length;
            this.y = y;
            this.loss = loss;
            this.lambda = lambda;
            this.z = z;
            this.ad = ad;
            this.l0 = new double[n];
            this.zt = new double[n];
            this.lt = new double[n];
            this.rt = new double[n];
        }

        /** Starts a line search from the current margins; {@code wd = <w, d_w>}, {@code dd = ||d_w||^2}. */
        void start(double wd, double dd) {
            this.wd = wd;
            this.dd = dd;
            this.haveL0 = false;
        }

        /**
         * Evaluates the line function and its slope at {@code t} (into {@link #val}, {@link #der}); the
         * sums are taken over fixed chunks added in order (independent of the thread count).
         */
        void eval(double t) {
            final boolean first = !haveL0;
            haveL0 = true;
            double[] sums = ex.sumChunks(z.length, LINE_CHUNK, 2, (c, s, e, buf) -> {
                double v = 0, sl = 0;
                for (int i = s; i < e; i++) {
                    double z0 = z[i];
                    if (first) {
                        l0[i] = loss.value(y[i], z0);
                    }
                    double zi = z0 + t * ad[i];
                    zt[i] = zi;
                    double li = loss.valueAndDerivative(y[i], zi, rt, i);
                    if (zi == z0) {
                        li = l0[i];
                    }
                    v += li - l0[i];
                    sl += rt[i] * ad[i];
                }
                buf[0] = v;
                buf[1] = sl;
            });
            val = sums[0] + lambda * (t * wd + 0.5 * t * t * dd);
            der = sums[1] + lambda * (wd + t * dd);
        }

        /** Copies the last evaluation's margins and derivatives into {@code z} and {@code r}; returns its {@code F(t) - F(0)}. */
        double accept(double[] zOut, double[] rOut) {
            System.arraycopy(zt, 0, zOut, 0, zt.length);
            System.arraycopy(rt, 0, rOut, 0, rt.length);
            return val;
        }

        /**
         * A step satisfying the strong Wolfe conditions (sufficient decrease up to the rounding
         * allowance {@code eps}), the last evaluation being at the returned step; NaN if none was found.
         */
        double search(double d0, double eps) {
            double tPrev = 0, fPrev = 0, dPrev = d0;
            double t = 1;
            for (int k = 0; k < MAX_LINE_EVALS; k++) {
                eval(t);
                double fv = val, dv = der;
                if (!Double.isFinite(fv) || !Double.isFinite(dv) || fv > C1 * t * d0 + eps || (k > 0 && fv >= fPrev)) {
                    return zoom(tPrev, fPrev, dPrev, t, fv, dv, d0, eps, MAX_LINE_EVALS - k - 1);
                }
                if (Math.abs(dv) <= -C2 * d0) {
                    return t;
                }
                if (dv >= 0) {
                    return zoom(t, fv, dv, tPrev, fPrev, dPrev, d0, eps, MAX_LINE_EVALS - k - 1);
                }
                if (t >= MAX_STEP) {
                    return t;
                }
                tPrev = t;
                fPrev = fv;
                dPrev = dv;
                t = Math.min(MAX_STEP, 4 * t);
            }
            return Double.NaN;
        }

        /**
         * Zoom phase: {@code lo} satisfies sufficient decrease and has the lowest value seen, and the
         * interval between {@code lo} and {@code hi} contains a strong Wolfe step.
         */
        private double zoom(double lo, double flo, double dlo, double hi, double fhi, double dhi, double d0, double eps,
                int budget) {
            for (int k = 0; k < budget; k++) {
                double t = cubicMin(lo, flo, dlo, hi, fhi, dhi);
                if (!(t > 0) || t == lo || t == hi) {
                    break;
                }
                eval(t);
                double fv = val, dv = der;
                if (!Double.isFinite(fv) || !Double.isFinite(dv) || fv > C1 * t * d0 + eps || fv >= flo) {
                    hi = t;
                    fhi = fv;
                    dhi = dv;
                } else {
                    if (Math.abs(dv) <= -C2 * d0) {
                        return t;
                    }
                    if (dv * (hi - lo) >= 0) {
                        hi = lo;
                        fhi = flo;
                        dhi = dlo;
                    }
                    lo = t;
                    flo = fv;
                    dlo = dv;
                }
            }
            if (lo > 0) {
                // the interval collapsed: the best step seen satisfies sufficient decrease
                eval(lo);
                return lo;
            }
            return Double.NaN;
        }

        /**
         * Minimiser of the cubic interpolating values and slopes at {@code a} and {@code b}, kept at
         * least a tenth of the interval away from its ends (bisection when the cubic has none or an
         * end value is not finite).
         */
        private static double cubicMin(double a, double fa, double da, double b, double fb, double db) {
            double lo = Math.min(a, b), hi = Math.max(a, b), w = hi - lo;
            double mid = 0.5 * (a + b);
            if (!(w > 0)) {
                return mid;
            }
            double t = mid;
            if (Double.isFinite(fb) && Double.isFinite(db)) {
                double d1 = da + db - 3 * (fa - fb) / (a - b);
                double disc = d1 * d1 - da * db;
                if (disc >= 0) {
                    double d2 = Math.copySign(Math.sqrt(disc), b - a);
                    double c = b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2);
                    if (Double.isFinite(c)) {
                        t = c;
                    }
                }
            }
            return Math.max(lo + 0.1 * w, Math.min(hi - 0.1 * w, t));
        }
    }

    /**
     * The squared scale {@code k^2} of the bias in the initial inverse Hessian {@code gamma diag(1, ..., 1, k^2)}
     * of the two-loop recursion: the mean squared entry of {@code A}, so that the bias column
     * {@code k 1} (of the equivalent problem in {@code b / k}) has the root-mean-square norm of a column of
     * {@code A}. Unscaled, the bias column ({@code ||1|| = sqrt(n)}) dominates the curvature and L-BFGS
     * spends most of its iterations learning that one scale (five to seven times the iterations at
     * {@code n = 4000}); 1 for an all-zero design.
     */
    static double biasScale2(FeatureMatrix A) {
        // estimated on at most BIAS_SCALE_ROWS evenly spaced rows (any positive value is correct; this one is fast)
        int n = A.rows(), stride = Math.max(1, n / BIAS_SCALE_ROWS), count = 0;
        double ss = 0;
        for (int i = 0; i < n; i += stride) {
            ss += A.rowRowDot(i, i);
            count++;
        }
        double k2 = ss / ((double) count * A.cols());
        return k2 > 0 && Double.isFinite(k2) ? k2 : 1.0;
    }

    /** Exact margins, derivatives, gradient and value at x. */
    private static double exactState(FeatureMatrix A, double[] y, MarginLoss loss, double lambda, double[] x,
            double[] z, double[] r, double[] g) {
        int n = A.rows(), p = A.cols();
        boolean zero = true;
        for (int j = 0; j < p && zero; j++) {
            zero = x[j] == 0;
        }
        if (zero) {
            java.util.Arrays.fill(z, x[p]);
        } else {
            A.multiply(x, x[p], z);
        }
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
