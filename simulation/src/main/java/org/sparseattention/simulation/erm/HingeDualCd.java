package org.sparseattention.simulation.erm;

import java.util.SplittableRandom;

import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.sparseattention.simulation.SimulationException;
import org.sparseattention.simulation.util.Vec;

/**
 * Hinge-loss ERM {@code min sum_i (1 - y_i (a_i w + b))_+ + (lambda/2)||w||^2} with the bias
 * treated <b>exactly</b> (it is not regularised, no augmented constant feature).
 *
 * <p>Optimality is certified by the duality gap of the full problem, valid because the final
 * dual point satisfies {@code sum_i alpha_i y_i = 0}: the returned solution has relative gap
 * at most {@link #REL_GAP}, obtained by an exact KKT solve (below) or, failing that, by dual
 * coordinate descent.
 *
 * <p>Fewer samples than features ({@code n <= p}, the vectorized model): a primal-dual active-set
 * iteration on the dual, started with every sample free (on the margin). For each support
 * pattern (alpha = 0, alpha = 1, free) the KKT system of the exact problem on the free samples
 * ({@code Q_FF alpha_F + y_F b = 1 - ...}, {@code sum alpha_i y_i = 0}, with
 * {@code Q = Y A A^T Y / lambda}) is solved by conjugate gradients projected onto the equality
 * constraint; {@code A_F A_F^T} is then well conditioned, and each CG step costs two passes over
 * the free rows. Samples whose multiplier or margin violates its sign condition change set, until
 * the pattern is consistent and the gap is below tolerance.
 *
 * <p>Otherwise (and if that iteration fails): minimise the smoothed hinge (quadratic within
 * {@code mu} of the kink) by a semismooth Newton method ({@link SmoothedHingeNewton}) for
 * {@code mu = 2, 0.4, 0.08, ...}, warm-started; after each stage with {@code mu <= 0.02} the
 * support pattern read off the margins seeds a primal-dual active-set iteration that solves the
 * KKT system of the exact problem by a Cholesky factorisation of the free rows' Gram matrix
 * (entries reused between rounds), LU (Hipparchus) if that is singular, and moves violators
 * until the pattern is consistent and the gap is below tolerance.
 *
 * <p>Fallback: for fixed {@code b} the problem in {@code w} is solved by dual coordinate
 * descent (liblinear-style, Hsieh et al. 2008; Hipparchus has no such solver) on
 * {@code max_{0<=alpha<=1} sum alpha_i (1 - y_i b) - ||sum alpha_i y_i a_i||^2/(2 lambda)}; the
 * outer function {@code F(b) = min_w P(w, b)} is convex with derivative
 * {@code -sum_i alpha_i y_i}, whose root is found by bracketing and the Illinois method,
 * warm-starting the dual, with the active-set polish tried at each tolerance.
 * The reported iteration count is Newton plus conjugate-gradient iterations plus coordinate-descent epochs.
 */
public final class HingeDualCd {
    /** Duality gap tolerance relative to {@code max(1, primal)}. */
    public static final double REL_GAP = 1e-10;
    /** Cap on the total number of coordinate-descent epochs. */
    public static final int MAX_EPOCHS = 200_000;
    /** Largest free set for which the exact KKT polish is attempted. */
    public static final int MAX_POLISH = 3000;

    /** Diagnostics of the smoothed stages and polish at level DEBUG (the caller configures System.Logger). */
    private static final System.Logger LOG = System.getLogger(HingeDualCd.class.getName());

    private HingeDualCd() {
    }

    /**
     * Solves the hinge ERM; at {@code lambda = 0} its limit: on separable data the hard-margin SVM
     * ({@link MaxMargin}), otherwise the unregularised hinge minimiser ({@link UnregularisedHinge}).
     *
     * @throws IllegalArgumentException if {@code lambda < 0}
     * @throws SimulationException      if the duality gap tolerance is not reached, or at
     *                                  {@code lambda = 0} if the ridge path does not settle
     */
    public static ErmResult solve(FeatureMatrix A, double[] y, double lambda) {
        if (lambda == 0) {
            SquaredHingeSeparability.Outcome sep = SquaredHingeSeparability.test(A, y);
            return sep.separable() ? MaxMargin.hardMargin(A, y, sep.iterations())
                    : UnregularisedHinge.solve(A, y, sep.iterations());
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("hinge loss needs lambda >= 0, got lambda=" + lambda);
        }
        return solvePositive(A, y, lambda, A.cols() >= A.rows(), true).result();
    }

    /**
     * The hinge ERM at {@code lambda > 0} with its dual multipliers {@code alpha} (in {@code [0, 1]},
     * {@code lambda w = sum_i alpha_i y_i a_i}, {@code sum_i alpha_i y_i = 0}).
     */
    record Ridge(ErmResult result, double[] alpha) {
    }

    /**
     * {@link #solve} at {@code lambda > 0}, also returning the dual multipliers, without the slow
     * coordinate-descent fallback (a failure is reported at once).
     *
     * @throws SimulationException if the fast paths do not reach a certified solution
     */
    static Ridge solveRidge(FeatureMatrix A, double[] y, double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("a ridge needs lambda > 0, got lambda=" + lambda);
        }
        return solvePositive(A, y, lambda, A.cols() >= A.rows(), false);
    }

    /** The smoothed-Newton path (with the coordinate-descent fallback) alone, for {@code lambda > 0}; for tests. */
    static ErmResult solveSmoothed(FeatureMatrix A, double[] y, double lambda) {
        return solvePositive(A, y, lambda, false, true).result();
    }

    private static Ridge solvePositive(FeatureMatrix A, double[] y, double lambda, boolean dualFirst,
            boolean cdFallback) {
        State st = new State(A, y, lambda);
        if (dualFirst) {
            int[] pat = new int[A.rows()];
            java.util.Arrays.fill(pat, 2);
            long t0 = System.nanoTime();
            boolean ok = st.polishCg(pat, 40, 2000);
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "dual active set (CG) from all free: " + ok + " " + st.debug + " "
                        + (System.nanoTime() - t0) / 1e9 + " s");
            }
            if (ok) {
                return new Ridge(new ErmResult(st.w.clone(), st.b, st.primal, st.gap, Math.abs(st.biasDerivative()), st.totalEpochs,
                        "dual active-set method with conjugate-gradient KKT solves (exact bias), relative duality gap <= "
                                + REL_GAP), st.alpha.clone());
            }
        }
        if (smoothingPath(st, A, y, lambda)) {
            return new Ridge(new ErmResult(st.w.clone(), st.b, st.primal, st.gap, Math.abs(st.biasDerivative()), st.totalEpochs,
                    "smoothed-hinge Newton continuation + exact KKT active-set polish (exact bias), relative duality gap <= "
                            + REL_GAP), st.alpha.clone());
        }
        if (!cdFallback) {
            throw new SimulationException("hinge ERM: the smoothed Newton path and its exact polish found no certified"
                    + " solution at lambda=" + lambda + " (last polish: " + st.debug + ")");
        }
        java.util.Arrays.fill(st.alpha, 0.0);
        st.b = 0;
        double tol = 1e-4;
        String how;
        while (true) {
            st.tol = tol;
            findBias(st);
            if (st.polish(1e-3) || (st.cgPattern != null && st.polishCg(st.cgPattern, 2, 300))) {
                how = "dual coordinate descent + exact KKT polish (exact bias)";
                break;
            }
            if (tol <= REL_GAP) {
                st.tol = REL_GAP;
                st.solveAt(st.b);
                if (st.gap <= REL_GAP * Math.max(1.0, st.primal) && Math.abs(st.biasDerivative()) <= 1e-9 * A.rows()) {
                    how = "dual coordinate descent, exact bias by root finding";
                    break;
                }
                throw new SimulationException("hinge ERM did not converge: duality gap " + st.gap + ", bias residual "
                        + Math.abs(st.biasDerivative()) + " after " + st.totalEpochs + " epochs (lambda=" + lambda + ")");
            }
            tol = Math.max(REL_GAP, tol * 1e-2);
        }
        return new Ridge(new ErmResult(st.w.clone(), st.b, st.primal, st.gap, Math.abs(st.biasDerivative()), st.totalEpochs,
                how + ", relative duality gap <= " + REL_GAP), st.alpha.clone());
    }

    /**
     * Smoothing width of the first stage: wider than every margin violation at {@code w = 0}, so the
     * first Newton steps see the curvature of all samples (a squared hinge).
     */
    private static final double MU_START = 2;
    /** Ratio of consecutive smoothing widths. */
    private static final double MU_FACTOR = 0.2;
    /** Smallest smoothing width tried. */
    private static final double MU_END = 1e-7;
    /** The exact polish is tried after the stages with a width at most this (wider ones give too coarse a pattern). */
    private static final double MU_POLISH = 0.02;
    /**
     * Gradient-norm tolerance of each smoothed stage, times {@code sqrt(n)}: the stage only has to
     * give the support pattern; the polish then solves the exact problem and certifies it.
     */
    private static final double STAGE_TOL = 1e-6;
    /** Gradient tolerance (times {@code sqrt(n)}) of the stages before the first polish: they only warm-start. */
    private static final double STAGE_TOL_COARSE = 1e-3;

    /**
     * Fast path: minimise the smoothed hinge (quadratic within {@code mu} of the kink) by
     * semismooth Newton for decreasing {@code mu}, warm-started, and after each stage try the exact KKT
     * active-set polish from the margins of the smoothed solution. Returns true if the polish
     * produced a verified optimum.
     */
    private static boolean smoothingPath(State st, FeatureMatrix A, double[] y, double lambda) {
        double[] w = null;
        double b = 0;
        for (double mu = MU_START; mu >= MU_END; mu *= MU_FACTOR) {
            long t0 = System.nanoTime();
            final double mu0 = mu;
            SmoothedHingeNewton.Result r = SmoothedHingeNewton.minimize(A, y, lambda, mu0, w, b,
                    (mu0 > MU_POLISH ? STAGE_TOL_COARSE : STAGE_TOL) * Math.sqrt(A.rows()), 200);
            st.totalEpochs += r.newtonSteps() + r.cgIterations();
            w = r.w();
            b = r.b();
            st.installPrimal(w, b);
            long t1 = System.nanoTime();
            boolean ok = mu0 <= MU_POLISH && st.polish(mu0);
            if (!ok && st.cgPattern != null) {
                ok = st.polishCg(st.cgPattern, 2, 300);
            }
            long t2 = System.nanoTime();
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "mu=" + mu0 + " newton steps=" + r.newtonSteps() + " cg=" + r.cgIterations() + " grad=" + r.gradNorm() + " polish=" + ok + " "
                        + st.debug + " newton " + (t1 - t0) / 1e9 + " s, polish " + (t2 - t1) / 1e9 + " s");
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** Bracketing + Illinois on the bias derivative at the state's current tolerance. */
    private static void findBias(State st) {
        double gTol = st.tol * st.y.length;
        double b0 = st.b;
        double g0 = st.solveAt(b0);
        if (Math.abs(g0) <= gTol) {
            return;
        }
        double dir = g0 > 0 ? -1 : 1;
        double step = 0.5;
        double bPrev = b0, gPrev = g0;
        double bLo, gLo, bHi, gHi;
        while (true) {
            double b1 = bPrev + dir * step;
            double g1 = st.solveAt(b1);
            if (Math.abs(g1) <= gTol) {
                return;
            }
            if (Math.signum(g1) != Math.signum(gPrev)) {
                if (g1 < 0) {
                    bLo = b1; gLo = g1; bHi = bPrev; gHi = gPrev;
                } else {
                    bLo = bPrev; gLo = gPrev; bHi = b1; gHi = g1;
                }
                break;
            }
            bPrev = b1;
            gPrev = g1;
            step *= 2;
            if (step > 1e12) {
                throw new SimulationException("hinge ERM: no bias root found up to |b| = " + step);
            }
        }
        int side = 0;
        for (int k = 0; k < 200 && bHi - bLo > 1e-13 * (1 + Math.abs(bLo)); k++) {
            double bm = bLo - gLo * (bHi - bLo) / (gHi - gLo);
            if (!(bm > bLo && bm < bHi)) {
                bm = 0.5 * (bLo + bHi);
            }
            double gm = st.solveAt(bm);
            if (Math.abs(gm) <= gTol) {
                return;
            }
            if (gm < 0) {
                bLo = bm;
                gLo = gm;
                if (side == -1) {
                    gHi *= 0.5;
                }
                side = -1;
            } else {
                bHi = bm;
                gHi = gm;
                if (side == 1) {
                    gLo *= 0.5;
                }
                side = 1;
            }
        }
    }

    /** Relative residual of the final conjugate-gradient KKT solve (loose solves, 1e-4 then 1e-8, while the pattern moves). */
    private static final double CG_TOL_FINAL = 1e-14;

    /** Largest number of one-sample pattern changes of the polish after its full swaps cycled. */
    private static final int CAUTIOUS_ROUNDS = 40;

    /** Marker of a KKT system without a positive-definite factorisation. */
    private static final double[] NO_SOLUTION = new double[0];

    private static final class State {
        final FeatureMatrix A;
        final double[] y;
        final double lambda;
        final double[] qii;
        final double[] alpha;
        final double[] w;
        final int[] perm;
        final SplittableRandom rng = new SplittableRandom(0x5EEDL);
        final double[] margins;
        double tol;
        String debug = "";
        /** Pattern left by {@link #polish} when its free set was slightly too large for the Cholesky solve, else null. */
        int[] cgPattern;
        double b;
        double primal;
        double gap;
        int totalEpochs;

        State(FeatureMatrix A, double[] y, double lambda) {
            this.A = A;
            this.y = y;
            this.lambda = lambda;
            this.qii = A.rowNormsSquared();
            int n = A.rows();
            alpha = new double[n];
            w = new double[A.cols()];
            perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            margins = new double[n];
        }

        /** Sets the current primal point (used only as the start pattern of the polish). */
        void installPrimal(double[] w0, double b0) {
            System.arraycopy(w0, 0, w, 0, w.length);
            b = b0;
            A.multiply(w, 0.0, margins);
        }

        double biasDerivative() {
            double s = 0;
            for (int i = 0; i < alpha.length; i++) {
                s += alpha[i] * y[i];
            }
            return -s;
        }

        /** Lower triangle (by rows) of {@code Q_rc = y_i y_j <a_i, a_j> / lambda} over the free rows, in parallel. */
        double[][] gram(int[] free, int k) {
            return gram(free, k, null, null);
        }

        /**
         * As {@link #gram(int[], int)}, copying the entries of rows already in {@code oldFree}
         * (with lower triangle {@code oldG}) instead of recomputing them.
         */
        double[][] gram(int[] free, int k, int[] oldFree, double[][] oldG) {
            int[] pos = new int[A.rows()];
            java.util.Arrays.fill(pos, -1);
            if (oldFree != null) {
                for (int r = 0; r < oldG.length; r++) {
                    pos[oldFree[r]] = r;
                }
            }
            double[][] G = new double[k][];
            A.executor().forEachChunk(k, 16, (ch, s, e) -> {
                for (int r = s; r < e; r++) {
                    double[] row = new double[r + 1];
                    int i = free[r];
                    int pi = pos[i];
                    for (int c = 0; c <= r; c++) {
                        int j = free[c];
                        int pj = pos[j];
                        if (pi >= 0 && pj >= 0) {
                            row[c] = pi >= pj ? oldG[pi][pj] : oldG[pj][pi];
                        } else {
                            row[c] = y[i] * y[j] * A.rowRowDot(i, j) / lambda;
                        }
                    }
                    G[r] = row;
                }
            });
            return G;
        }

        /**
         * Solves {@code Q alpha + y_F b = rhs[0..k)}, {@code y_F . alpha = rhs[k]} by a Cholesky
         * factorisation of {@code Q} (lower triangle {@code G}) and the Schur complement for {@code b};
         * returns {@code (alpha, b)} or {@link #NO_SOLUTION} if {@code Q} is not numerically positive
         * definite.
         */
        double[] choleskyKkt(double[][] G, int[] free, int k, double[] rhs) {
            double maxDiag = 0;
            for (int r = 0; r < k; r++) {
                maxDiag = Math.max(maxDiag, G[r][r]);
            }
            double[][] L = new double[k][];
            for (int r = 0; r < k; r++) {
                double[] lr = G[r].clone();
                for (int c = 0; c < r; c++) {
                    double[] lc = L[c];
                    double sum = lr[c];
                    for (int t = 0; t < c; t++) {
                        sum -= lr[t] * lc[t];
                    }
                    lr[c] = sum / lc[c];
                }
                double d = lr[r];
                for (int t = 0; t < r; t++) {
                    d -= lr[t] * lr[t];
                }
                if (!(d > 1e-12 * maxDiag)) {
                    return NO_SOLUTION;
                }
                lr[r] = Math.sqrt(d);
                L[r] = lr;
            }
            double[] yf = new double[k];
            for (int r = 0; r < k; r++) {
                yf[r] = y[free[r]];
            }
            double[] u = cholSolve(L, k, java.util.Arrays.copyOf(rhs, k));
            double[] v = cholSolve(L, k, yf.clone());
            double yu = 0, yv = 0;
            for (int r = 0; r < k; r++) {
                yu += yf[r] * u[r];
                yv += yf[r] * v[r];
            }
            if (!(yv > 0)) {
                return NO_SOLUTION;
            }
            double bb = (yu - rhs[k]) / yv;
            double[] sol = new double[k + 1];
            for (int r = 0; r < k; r++) {
                sol[r] = u[r] - bb * v[r];
            }
            sol[k] = bb;
            return sol;
        }

        private static double[] cholSolve(double[][] L, int k, double[] x) {
            for (int r = 0; r < k; r++) {
                double[] lr = L[r];
                double sum = x[r];
                for (int t = 0; t < r; t++) {
                    sum -= lr[t] * x[t];
                }
                x[r] = sum / lr[r];
            }
            for (int r = k - 1; r >= 0; r--) {
                double sum = x[r];
                for (int t = r + 1; t < k; t++) {
                    sum -= L[t][r] * x[t];
                }
                x[r] = sum / L[r][r];
            }
            return x;
        }

        /** w = sum alpha_i y_i a_i / lambda, then primal, dual and gap at bias b. */
        void measure(double bias) {
            int n = A.rows();
            double[] ay = new double[n];
            for (int i = 0; i < n; i++) {
                ay[i] = alpha[i] * y[i] / lambda;
            }
            A.transposeMultiply(ay, w);
            A.multiply(w, 0.0, margins);
            double ww = Vec.dot(w, w);
            double hinge = 0, lin = 0;
            for (int i = 0; i < n; i++) {
                double c = 1 - y[i] * bias;
                hinge += Math.max(0, c - y[i] * margins[i]);
                lin += alpha[i] * c;
            }
            primal = hinge + 0.5 * lambda * ww;
            gap = primal - (lin - 0.5 * lambda * ww);
        }

        /** Solves the dual at fixed b to the gap tolerance; returns dF/db. */
        double solveAt(double bias) {
            this.b = bias;
            int n = A.rows();
            while (true) {
                measure(bias);
                if (gap <= tol * Math.max(1.0, Math.abs(primal))) {
                    return biasDerivative();
                }
                if (totalEpochs >= MAX_EPOCHS) {
                    throw new SimulationException("hinge dual coordinate descent did not converge in " + MAX_EPOCHS
                            + " epochs: duality gap " + gap + " (primal " + primal + ", lambda=" + lambda + ")");
                }
                for (int e = 0; e < 5; e++) {
                    for (int k = n - 1; k > 0; k--) {
                        int j = rng.nextInt(k + 1);
                        int t = perm[k];
                        perm[k] = perm[j];
                        perm[j] = t;
                    }
                    for (int k = 0; k < n; k++) {
                        int i = perm[k];
                        double c = 1 - y[i] * bias;
                        double grad = c - y[i] * A.rowDot(i, w);
                        double na;
                        if (qii[i] > 0) {
                            na = Math.min(1.0, Math.max(0.0, alpha[i] + grad * lambda / qii[i]));
                        } else {
                            na = grad > 0 ? 1.0 : (grad < 0 ? 0.0 : alpha[i]);
                        }
                        double delta = na - alpha[i];
                        if (delta != 0) {
                            A.addRowTo(i, delta * y[i] / lambda, w);
                            alpha[i] = na;
                        }
                    }
                    totalEpochs++;
                }
            }
        }

        /**
         * Primal-dual active-set refinement from the current approximate solution: solve the
         * KKT system of the full problem on the current support pattern exactly, move points
         * whose multiplier or margin violates its sign condition, repeat. Returns true (and
         * installs the solution) if it ends at a verified optimum with relative gap below
         * REL_GAP; otherwise restores the previous state.
         */
        boolean polish(double band) {
            int n = A.rows(), p = A.cols();
            double[] alphaOld = alpha.clone();
            double bOld = b;
            // pattern: 0 -> alpha = 0, 1 -> alpha = 1, 2 -> free (on the margin)
            int[] pat = new int[n];
            cgPattern = null;
            for (int i = 0; i < n; i++) {
                double m = y[i] * (margins[i] + b);
                pat[i] = m > 1 + 0.1 * band ? 0 : (m < 1 - band ? 1 : 2);
            }
            int[] oldFree = null;
            double[][] oldG = null;
            int bestChanges = Integer.MAX_VALUE, stalled = 0, cautiousRounds = 0;
            boolean cautious = false;
            for (int round = 0; round < 60; round++) {
                int k = 0;
                int[] free = new int[n];
                double[] ay = new double[n];
                double sumU = 0;
                for (int i = 0; i < n; i++) {
                    if (pat[i] == 2) {
                        free[k++] = i;
                    } else if (pat[i] == 1) {
                        ay[i] = y[i] / lambda;
                        sumU += y[i];
                    }
                }
                if (k > MAX_POLISH || k > p + 1) {
                    // more free rows than dimensions + 1: (a_i, 1) dependent, KKT matrix singular; a
                    // slightly larger set (degenerate data) is left to the conjugate-gradient version
                    debug = "round " + round + " free " + k + (k > p + 1 ? " > p + 1" : " > " + MAX_POLISH);
                    if (k <= p + 3 && k <= MAX_POLISH) {
                        cgPattern = pat.clone();
                    }
                    break;
                }
                double[] wU = new double[p];
                A.transposeMultiply(ay, wU);
                double[] rhs = new double[k + 1];
                for (int r = 0; r < k; r++) {
                    rhs[r] = 1 - y[free[r]] * A.rowDot(free[r], wU);
                }
                rhs[k] = -sumU;
                double[][] G = gram(free, k, oldFree, oldG);
                oldFree = free;
                oldG = G;
                double[] sol = choleskyKkt(G, free, k, rhs);
                if (sol == NO_SOLUTION) {
                    // indefinite or singular Q: LU with pivoting of the whole KKT matrix
                    RealMatrix M = MatrixUtils.createRealMatrix(k + 1, k + 1);
                    for (int r = 0; r < k; r++) {
                        for (int c = 0; c <= r; c++) {
                            M.setEntry(r, c, G[r][c]);
                            M.setEntry(c, r, G[r][c]);
                        }
                        M.setEntry(r, k, y[free[r]]);
                        M.setEntry(k, r, y[free[r]]);
                    }
                    LUDecomposition lu = new LUDecomposition(M, 1e-13);
                    if (!lu.getSolver().isNonSingular()) {
                        debug = "round " + round + " free " + k + ": singular KKT matrix";
                        break;
                    }
                    sol = lu.getSolver().solve(MatrixUtils.createRealVector(rhs)).toArray();
                }
                for (int i = 0; i < n; i++) {
                    alpha[i] = pat[i] == 1 ? 1.0 : 0.0;
                }
                boolean changed = false;
                int changes = 0;
                // the most violated condition (used one at a time once the full swaps cycle)
                int worstI = -1, worstPat = -1;
                double worstV = 0;
                for (int r = 0; r < k; r++) {
                    double a = sol[r];
                    int i = free[r];
                    if (!Double.isFinite(a)) {
                        changed = true;
                        break;
                    }
                    if (a < -1e-12) {
                        if (-a > worstV) {
                            worstV = -a;
                            worstI = i;
                            worstPat = 0;
                        }
                        if (!cautious) {
                            pat[i] = 0;
                        }
                        changed = true;
                        changes++;
                    } else if (a > 1 + 1e-12) {
                        if (a - 1 > worstV) {
                            worstV = a - 1;
                            worstI = i;
                            worstPat = 1;
                        }
                        if (!cautious) {
                            pat[i] = 1;
                        }
                        changed = true;
                        changes++;
                    }
                    alpha[i] = Math.min(1, Math.max(0, a));
                }
                b = sol[k];
                measure(b);
                for (int i = 0; i < n; i++) {
                    double m = y[i] * (margins[i] + b);
                    if ((pat[i] == 0 && m < 1 - 1e-12) || (pat[i] == 1 && m > 1 + 1e-12)) {
                        double v = Math.abs(m - 1);
                        if (v > worstV) {
                            worstV = v;
                            worstI = i;
                            worstPat = 2;
                        }
                        if (!cautious) {
                            pat[i] = 2;
                        }
                        changed = true;
                        changes++;
                    }
                }
                if (gap <= REL_GAP * Math.max(1.0, Math.abs(primal))
                        && Math.abs(biasDerivative()) <= 1e-9 * Math.max(1, n)) {
                    return true;
                }
                debug = "round " + round + " free " + k + " gap " + gap + " changes " + changes + (cautious ? " (one at a time)" : "");
                if (!changed) {
                    break;
                }
                if (cautious) {
                    if (worstI < 0 || ++cautiousRounds > CAUTIOUS_ROUNDS) {
                        break;
                    }
                    pat[worstI] = worstPat;
                    continue;
                }
                // the full swaps can cycle from a poor pattern: once the number of changes has not
                // decreased for three rounds, move only the most violated sample per round
                if (changes < bestChanges) {
                    bestChanges = changes;
                    stalled = 0;
                } else if (++stalled >= 3) {
                    if (changes > CAUTIOUS_ROUNDS) {
                        debug += " (stalled)";
                        break;
                    }
                    cautious = true;
                }
            }
            System.arraycopy(alphaOld, 0, alpha, 0, n);
            b = bOld;
            measure(bOld);
            return false;
        }

        /**
         * Primal-dual active-set iteration on the exact problem with the KKT system of each
         * pattern solved iteratively: on the free rows {@code F},
         * {@code Q_FF alpha_F + y_F b = 1 - Y_F A_F w_U}, {@code y_F . alpha_F = -sum_U y_i}
         * ({@code Q = Y A A^T Y / lambda}, {@code w_U = A_U^T y_U / lambda}) by conjugate gradients
         * projected onto {@code y_F . alpha_F = const}; suited to well-conditioned {@code A_F A_F^T}
         * (fewer samples than features). Starts from the pattern {@code pat} (modified); at most {@code maxRounds} rounds of at most {@code maxCg} CG steps. Returns
         * true (state installed) at a verified optimum with relative gap below REL_GAP.
         */
        boolean polishCg(int[] pat, int maxRounds, int maxCg) {
            int n = A.rows(), p = A.cols();
            double cgTol = 1e-4;
            for (int round = 0; round < maxRounds; round++) {
                int k = 0;
                int[] free = new int[n];
                double[] ayU = new double[n];
                double sumU = 0;
                for (int i = 0; i < n; i++) {
                    if (pat[i] == 2) {
                        free[k++] = i;
                    } else if (pat[i] == 1) {
                        ayU[i] = y[i] / lambda;
                        sumU += y[i];
                    }
                }
                if (k == 0) {
                    debug = "cg polish round " + round + ": no free rows";
                    return false;
                }
                double[] wU = new double[p];
                A.transposeMultiply(ayU, wU);
                double[] c = new double[k];
                A.multiplyRows(free, k, wU, 0.0, c);
                double[] yf = new double[k];
                for (int r = 0; r < k; r++) {
                    yf[r] = y[free[r]];
                    c[r] = 1 - yf[r] * c[r];
                }
                // warm start from the current alpha, moved onto the constraint
                double[] xf = new double[k];
                double ys = 0;
                for (int r = 0; r < k; r++) {
                    xf[r] = Math.min(1, Math.max(0, alpha[free[r]]));
                    ys += yf[r] * xf[r];
                }
                double shift = (-sumU - ys) / k;
                for (int r = 0; r < k; r++) {
                    xf[r] += yf[r] * shift;
                }
                double[] u = new double[n];
                double[] wv = new double[p];
                double[] qv = new double[k];
                // residual of the projected system
                gramF(free, k, xf, u, wv, qv);
                double[] res = new double[k];
                for (int r = 0; r < k; r++) {
                    res[r] = c[r] - qv[r];
                }
                project(res, yf);
                double[] dir = res.clone();
                double rr = dot(res, res);
                double cn = Math.sqrt(dot(c, c));
                int it = 0;
                for (; it < maxCg && Math.sqrt(rr) > cgTol * cn; it++) {
                    gramF(free, k, dir, u, wv, qv);
                    project(qv, yf);
                    double dq = dot(dir, qv);
                    if (!(dq > 0)) {
                        break;
                    }
                    double a = rr / dq;
                    for (int r = 0; r < k; r++) {
                        xf[r] += a * dir[r];
                        res[r] -= a * qv[r];
                    }
                    double rrNew = dot(res, res);
                    if (it % 50 == 49) {
                        // refresh the recursive residual
                        gramF(free, k, xf, u, wv, qv);
                        for (int r = 0; r < k; r++) {
                            res[r] = c[r] - qv[r];
                        }
                        project(res, yf);
                        rrNew = dot(res, res);
                    }
                    double beta = rrNew / rr;
                    rr = rrNew;
                    for (int r = 0; r < k; r++) {
                        dir[r] = res[r] + beta * dir[r];
                    }
                }
                totalEpochs += it;
                gramF(free, k, xf, u, wv, qv);
                double bb = 0;
                for (int r = 0; r < k; r++) {
                    bb += yf[r] * (c[r] - qv[r]);
                }
                bb /= k;
                for (int i = 0; i < n; i++) {
                    alpha[i] = pat[i] == 1 ? 1.0 : 0.0;
                }
                int changed = 0;
                for (int r = 0; r < k; r++) {
                    double a = xf[r];
                    int i = free[r];
                    if (!Double.isFinite(a)) {
                        debug = "cg polish round " + round + ": non-finite solution";
                        return false;
                    }
                    if (a < -1e-12) {
                        pat[i] = 0;
                        changed++;
                    } else if (a > 1 + 1e-12) {
                        pat[i] = 1;
                        changed++;
                    }
                    alpha[i] = Math.min(1, Math.max(0, a));
                }
                b = bb;
                measure(b);
                for (int i = 0; i < n; i++) {
                    double m = y[i] * (margins[i] + b);
                    if ((pat[i] == 0 && m < 1 - 1e-12) || (pat[i] == 1 && m > 1 + 1e-12)) {
                        pat[i] = 2;
                        changed++;
                    }
                }
                debug = "cg polish round " + round + " free " + k + " cg " + it + " gap " + gap + " changed " + changed;
                if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                    LOG.log(System.Logger.Level.DEBUG, debug);
                }
                if (gap <= REL_GAP * Math.max(1.0, Math.abs(primal))
                        && Math.abs(biasDerivative()) <= 1e-9 * Math.max(1, n)) {
                    return true;
                }
                if (changed == 0) {
                    if (cgTol <= CG_TOL_FINAL) {
                        return false;
                    }
                    // the pattern is consistent at the loose tolerance: solve it accurately
                    cgTol = CG_TOL_FINAL;
                } else if (changed <= k / 100) {
                    // nearly settled: solve more accurately so that small violations are seen
                    cgTol = Math.min(cgTol, 1e-8);
                }
            }
            return false;
        }

        /** {@code qv = Q_FF v = Y_F A_F A_F^T Y_F v / lambda} (two passes over the free rows). */
        private void gramF(int[] free, int k, double[] v, double[] u, double[] wv, double[] qv) {
            for (int r = 0; r < k; r++) {
                u[free[r]] = y[free[r]] * v[r] / lambda;
            }
            A.transposeMultiply(u, wv);
            for (int r = 0; r < k; r++) {
                u[free[r]] = 0;
            }
            A.multiplyRows(free, k, wv, 0.0, qv);
            for (int r = 0; r < k; r++) {
                qv[r] *= y[free[r]];
            }
        }

        private static void project(double[] v, double[] yf) {
            double s = dot(v, yf) / yf.length;
            for (int r = 0; r < v.length; r++) {
                v[r] -= s * yf[r];
            }
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int r = 0; r < a.length; r++) {
                s += a[r] * b[r];
            }
            return s;
        }
    }
}
