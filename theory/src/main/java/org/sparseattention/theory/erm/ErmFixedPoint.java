package org.sparseattention.theory.erm;

import java.util.Optional;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * Self-consistent equations of the step-4 readout ERM (docs/theory.md section 6) on one realisation of
 * a feature law. Unknowns {@code x = (m_1..m_k, b, ln Q, ln V)}; residuals
 * <pre>
 *   F_m = s (lambda m / alpha - E[g omega])      (lambda m = alpha E[g omega])
 *   F_b = s E[g]                                 (bias stationarity)
 *   F_V = ln((lambda V + alpha E[1 - dh]) / gamma)   (V = gamma / (lambda + Vhat), Vhat = alpha E[1-dh]/V)
 *   F_Q = ln(Q (lambda + Vhat)^2 / (gamma alpha E[rho g^2]))   (Q = gamma alpha E[rho g^2] / (lambda + Vhat)^2)
 * </pre>
 * with the scale {@code s = 1 + V/gamma}: where the ridge controls the solution ({@code lambda -> 0}
 * below interpolation or capacity) {@code g} and {@code lambda m} are both of order {@code lambda}
 * and {@code V} of order {@code 1/lambda}, so the unscaled stationarity residuals would be below any
 * tolerance at every point; scaled they stay of order one.
 * Within an atom the cavity field {@code h_c = <m, omega> + b + sqrt(rho Q) z} is Gaussian with mean
 * {@code <m, mean> + b} and variance {@code sum m_j^2 noise_j + rho Q}; Stein's lemma gives
 * {@code E[g omega_j] = mean_j E[g] - m_j noise_j E[1 - dh]/(rho V)}. The two variance equations are
 * written in logarithms, which keeps them nearly linear in {@code (ln Q, ln V)} when the norm grows.
 *
 * <p>With the averages of {@link ProxAverages#separableLimit} and {@code lambda = 1} the same
 * equations describe the {@code lambda -> 0} limit below the threshold, {@code V} then standing for
 * {@code lambda V}.
 */
public final class ErmFixedPoint {
    /** Diagnostics of every solve at level DEBUG (the caller configures System.Logger). */
    private static final System.Logger LOG = System.getLogger(ErmFixedPoint.class.getName());

    /** A point of the unknowns. */
    public record State(double[] m, double bias, double q, double v) {
        /** Packs into the solver's coordinates. */
        double[] pack() {
            double[] x = new double[m.length + 3];
            System.arraycopy(m, 0, x, 0, m.length);
            x[m.length] = bias;
            x[m.length + 1] = FastMath.log(q);
            x[m.length + 2] = FastMath.log(v);
            return x;
        }

        static State unpack(double[] x, int k) {
            double[] m = new double[k];
            System.arraycopy(x, 0, m, 0, k);
            return new State(m, x[k], FastMath.exp(x[k + 1]), FastMath.exp(x[k + 2]));
        }

        /** {@code ||w||^2/d = |m|^2 + Q}. */
        public double normSquared() {
            double s = q;
            for (double mi : m) {
                s += mi * mi;
            }
            return s;
        }
    }

    /**
     * A solved point.
     *
     * @param state      the solution
     * @param residual   {@code max |F_i|}
     * @param iterations Newton iterations (homotopy steps included)
     * @param jacobian   last Jacobian (to warm-start a nearby solve)
     */
    public record Point(State state, double residual, int iterations, double[][] jacobian) {
    }

    /**
     * Test error, training loss and training error of a solution (section 6, outputs), and the
     * training objective per sample {@code E[l] + lambda ||w||^2/(2 alpha d)}.
     */
    public record Observables(double testError, double trainLoss, double trainError, double objective) {
    }

    private final Mixture mix;
    private final double gamma;
    private final Loss loss;
    private final ProxAverages averages;

    /**
     * The section-6 outputs summed over atoms: test error {@code Phi(-y mu/sd)}, the loss average and the
     * training error, each weighted by its atom (one pass, whichever evaluation it rides on).
     */
    private final class ObservableSums {
        private double test;
        private double trainLoss;
        private double trainErr;

        /** Adds atom {@code (y, mu, sd, tau)} of weight {@code w} whose loss average is {@code loss}. */
        void add(double w, double y, double mu, double sd, double tau, double loss) {
            test += w * Gaussian.cdf(-y * mu / sd);
            trainLoss += w * loss;
            trainErr += w * averages.trainError(y, mu, sd, tau);
        }

        Observables at(double alpha, double lambda, State s) {
            return new Observables(test, trainLoss, trainErr, objective(alpha, lambda, s, trainLoss));
        }
    }
    private final NewtonRootSolver solver;
    private final double positiveFraction;
    private final double meanLabel;
    private final boolean limit;
    /**
     * Per atom, what its last evaluation left for the next one ({@link ProxAverages#average(double, double,
     * double, double, double[], double[])}): the evaluations of one instance run one at a time (one
     * realisation per task), so the hints, and with them every result, follow the order of its own evaluations.
     */
    private final double[][] hints;

    /**
     * @param mix      realisation of the feature law
     * @param gamma    bulk dimension ratio
     * @param loss     the loss (its constant risk bounds the training loss)
     * @param averages its Gaussian averages (or those of its separable limit)
     * @param solver   root finder
     */
    public ErmFixedPoint(Mixture mix, double gamma, Loss loss, ProxAverages averages, NewtonRootSolver solver) {
        this(mix, gamma, loss, averages, solver, false);
    }

    /**
     * The {@code lambda -> 0} limit below the loss's threshold (minimum-norm interpolator for square
     * loss, max-margin classifier for hinge and logistic; {@link ProxAverages#separableLimit}). Its
     * solution {@code (m, b, Q)} does not depend on the {@code lambda} it is solved at, and
     * {@code lambda V} is the limit's {@code lambda V}; solve it at {@code lambda = 1}.
     */
    public static ErmFixedPoint separableLimit(Mixture mix, double gamma, Loss loss, NewtonRootSolver solver) {
        return new ErmFixedPoint(mix, gamma, loss, ProxAverages.separableLimit(loss), solver, true);
    }

    private ErmFixedPoint(Mixture mix, double gamma, Loss loss, ProxAverages averages, NewtonRootSolver solver,
                          boolean limit) {
        this.limit = limit;
        this.mix = mix;
        this.gamma = gamma;
        this.loss = loss;
        this.averages = averages;
        this.solver = solver;
        double pos = 0;
        double my = 0;
        for (int a = 0; a < mix.size(); a++) {
            pos += mix.label(a) > 0 ? mix.weight(a) : 0;
            my += mix.weight(a) * mix.label(a);
        }
        this.positiveFraction = pos;
        this.meanLabel = my;
        this.hints = new double[mix.size()][];
    }

    /** Atom {@code a}'s hint array, created ({@code NaN}) at its first use. */
    private double[] hint(int a) {
        double[] h = hints[a];
        if (h == null) {
            h = new double[ProxAverages.HINT_SIZE];
            java.util.Arrays.fill(h, Double.NaN);
            hints[a] = h;
        }
        return h;
    }

    /** Evaluates the residuals {@code F(x)} at {@code (alpha, lambda)} (the equations above). */
    public void residuals(double alpha, double lambda, double[] x, double[] f) {
        evaluate(alpha, lambda, x, f, false);
    }

    /**
     * The residuals {@code F(x)} of {@link #residuals}, with the observables at {@code x} computed in the
     * same pass over the atoms (the loss averaged at the same nodes) and kept for {@link #observables}:
     * the evaluation a solve expects to be its last.
     */
    public void residualsWithObservables(double alpha, double lambda, double[] x, double[] f) {
        evaluate(alpha, lambda, x, f, true);
    }

    private void evaluate(double alpha, double lambda, double[] x, double[] f, boolean observe) {
        int k = mix.dimension();
        State s = State.unpack(x, k);
        double[] m = s.m();
        double b = s.bias();
        double q = s.q();
        double v = s.v();
        double eg = 0;
        double erg2 = 0;
        double e1 = 0;
        ObservableSums sums = observe ? new ObservableSums() : null;
        double[] egw = new double[k];
        double[] out = new double[observe ? ProxAverages.WITH_LOSS : ProxAverages.EQUATIONS];
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, m) + b;
            double sd = FastMath.sqrt(mix.noiseField(a, m) + rho * q);
            double tau = rho * v;
            averages.average(y, mu, sd, tau, out, hint(a));
            double w = mix.weight(a);
            eg += w * out[0];
            erg2 += w * rho * out[1];
            e1 += w * out[2];
            for (int j = 0; j < k; j++) {
                egw[j] += w * (mix.mean(a, j) * out[0] - m[j] * mix.noise(a, j) * out[2] / tau);
            }
            if (observe) {
                sums.add(w, y, mu, sd, tau, out[3]);
            }
        }
        double scale = 1 + v / gamma;
        for (int j = 0; j < k; j++) {
            f[j] = scale * (lambda * m[j] / alpha - egw[j]);
        }
        f[k] = scale * eg;
        double vhat = alpha * e1 / v;
        f[k + 1] = FastMath.log((lambda * v + alpha * e1) / gamma);
        f[k + 2] = FastMath.log(q * (lambda + vhat) * (lambda + vhat) / (gamma * alpha * erg2));
        if (observe) {
            memo = new Memo(alpha, lambda, s, sums.at(alpha, lambda, s));
        }
    }

    /** Whether {@link #residualsAndJacobian} is available (the logistic averages give their derivatives). */
    public boolean analyticJacobian() {
        return averages instanceof LogisticProxAverages;
    }

    /**
     * The residuals {@code F(x)} of {@link #residuals} and their exact Jacobian {@code jac[i][j] = dF_i/dx_j},
     * by the chain rule through each atom's {@code (mu, sd, tau)} and the derivatives of the averages
     * ({@link LogisticProxAverages#averageWithDerivatives}); only when {@link #analyticJacobian()}. The
     * observables at {@code x} come from the same pass (the loss at the same nodes) and are kept for
     * {@link #observables}, so a solve whose last evaluation is a Jacobian needs no further pass.
     */
    public void residualsAndJacobian(double alpha, double lambda, double[] x, double[] f, double[][] jac) {
        residualsAndJacobian(alpha, lambda, x, f, jac, null, true);
    }

    /**
     * {@link #residualsAndJacobian(double, double, double[], double[], double[][])}, and into {@code lossGradient}
     * (when not {@code null}) the gradient of the training loss {@code E l} with respect to {@code x}, by the same
     * chain rule ({@link LogisticProxAverages#averageWithDerivatives}, the loss's derivatives). Without
     * {@code observe} the observables are not computed (nor kept for {@link #observables}): the loss itself, a
     * logarithm at every node, is about a quarter of the pass, and is wasted on an evaluation that is not the
     * last of its solve.
     */
    public void residualsAndJacobian(double alpha, double lambda, double[] x, double[] f, double[][] jac,
                                     double[] lossGradient, boolean observe) {
        LogisticProxAverages avg = (LogisticProxAverages) averages;
        int k = mix.dimension();
        int n = k + 3;
        State s = State.unpack(x, k);
        double[] m = s.m();
        double b = s.bias();
        double q = s.q();
        double v = s.v();
        double eg = 0;
        double erg2 = 0;
        double e1 = 0;
        double[] egw = new double[k];
        double[] deg = new double[n];
        double[] derg2 = new double[n];
        double[] de1 = new double[n];
        double[][] degw = new double[k][n];
        double[] out = new double[observe ? ProxAverages.WITH_LOSS : ProxAverages.EQUATIONS];
        double[] d = new double[12];
        double[] lg = new double[n];
        ObservableSums sums = observe ? new ObservableSums() : null;
        double[] dmu = new double[n];
        double[] dsd = new double[n];
        double[] dtau = new double[n];
        double[] dout = new double[3 * n];
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, m) + b;
            double sd = FastMath.sqrt(mix.noiseField(a, m) + rho * q);
            double tau = rho * v;
            avg.averageWithDerivatives(y, mu, sd, tau, out, d, hint(a));
            java.util.Arrays.fill(dmu, 0);
            java.util.Arrays.fill(dsd, 0);
            java.util.Arrays.fill(dtau, 0);
            for (int j = 0; j < k; j++) {
                dmu[j] = mix.mean(a, j);
                dsd[j] = m[j] * mix.noise(a, j) / sd;
            }
            dmu[k] = 1;
            dsd[k + 1] = 0.5 * rho * q / sd;
            dtau[k + 2] = tau;
            for (int i = 0; i < 3; i++) {
                for (int c = 0; c < n; c++) {
                    dout[i * n + c] = d[3 * i] * dmu[c] + d[3 * i + 1] * dsd[c] + d[3 * i + 2] * dtau[c];
                }
            }
            double w = mix.weight(a);
            eg += w * out[0];
            erg2 += w * rho * out[1];
            e1 += w * out[2];
            if (observe) {
                sums.add(w, y, mu, sd, tau, out[3]);
            }
            for (int c = 0; c < n; c++) {
                lg[c] += w * (d[9] * dmu[c] + d[10] * dsd[c] + d[11] * dtau[c]);
                deg[c] += w * dout[c];
                derg2[c] += w * rho * dout[n + c];
                de1[c] += w * dout[2 * n + c];
            }
            for (int j = 0; j < k; j++) {
                double mean = mix.mean(a, j);
                double nz = mix.noise(a, j);
                egw[j] += w * (mean * out[0] - m[j] * nz * out[2] / tau);
                for (int c = 0; c < n; c++) {
                    degw[j][c] += w * (mean * dout[c] - m[j] * nz * dout[2 * n + c] / tau);
                }
                degw[j][j] -= w * nz * out[2] / tau;
                degw[j][k + 2] += w * m[j] * nz * out[2] / tau;
            }
        }
        double scale = 1 + v / gamma;
        double dscale = v / gamma;
        for (int j = 0; j < k; j++) {
            double inner = lambda * m[j] / alpha - egw[j];
            f[j] = scale * inner;
            for (int c = 0; c < n; c++) {
                jac[j][c] = -scale * degw[j][c];
            }
            jac[j][j] += scale * lambda / alpha;
            jac[j][k + 2] += dscale * inner;
        }
        f[k] = scale * eg;
        for (int c = 0; c < n; c++) {
            jac[k][c] = scale * deg[c];
        }
        jac[k][k + 2] += dscale * eg;
        double vl = lambda * v + alpha * e1;
        f[k + 1] = FastMath.log(vl / gamma);
        for (int c = 0; c < n; c++) {
            jac[k + 1][c] = alpha * de1[c] / vl;
        }
        jac[k + 1][k + 2] += lambda * v / vl;
        double vhat = alpha * e1 / v;
        f[k + 2] = FastMath.log(q * (lambda + vhat) * (lambda + vhat) / (gamma * alpha * erg2));
        for (int c = 0; c < n; c++) {
            double dvhat = alpha * de1[c] / v - (c == k + 2 ? vhat : 0);
            jac[k + 2][c] = (c == k + 1 ? 1 : 0) + 2 * dvhat / (lambda + vhat) - derg2[c] / erg2;
        }
        if (observe) {
            memo = new Memo(alpha, lambda, s, sums.at(alpha, lambda, s));
        }
        if (lossGradient != null) {
            System.arraycopy(lg, 0, lossGradient, 0, n);
        }
    }

    /**
     * Test error and training error at {@code s} by their closed forms per atom (no quadrature), with the
     * training loss given: the observables of a state reached by a linear step (the loss then follows from its
     * gradient, {@link #residualsAndJacobian(double, double, double[], double[], double[][], double[])}).
     */
    public Observables observablesWithLoss(double alpha, double lambda, State s, double trainLoss) {
        ObservableSums sums = new ObservableSums();
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, s.m()) + s.bias();
            double sd = FastMath.sqrt(mix.noiseField(a, s.m()) + rho * s.q());
            sums.add(mix.weight(a), y, mu, sd, rho * s.v(), 0);
        }
        sums.trainLoss = trainLoss;
        return sums.at(alpha, lambda, s);
    }

    /**
     * First-order prediction of the solution at {@code target} from a point solved at {@code (alpha, lambda)}
     * (the same {@code lambda}): {@code x + (target - alpha) dx/dalpha} ({@link #tangent}).
     *
     * @return the predicted state, or empty without an exact Jacobian (or a singular one)
     */
    public Optional<State> predict(double alpha, double lambda, Point p, double target) {
        if (!(target > 0) || target == alpha) {
            return Optional.empty();
        }
        return tangent(alpha, lambda, p).flatMap(dx -> {
            double[] x = p.state().pack();
            for (int i = 0; i < x.length; i++) {
                x[i] += (target - alpha) * dx[i];
                if (!Double.isFinite(x[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(State.unpack(x, mix.dimension()));
        });
    }

    /**
     * The tangent {@code dx/dalpha = -J^{-1} dF/dalpha} of the solution path at a point solved at
     * {@code (alpha, lambda)}, in the solver's coordinates ({@link State#pack}), with the point's exact Jacobian.
     * At a solution {@code lambda V + alpha E[1 - dh] = gamma}, so {@code dF/dalpha} depends on the state alone:
     * {@code -(1 + V/gamma) lambda m/alpha^2} for the {@code m} rows, 0 for the bias,
     * {@code c = (gamma - lambda V)/(alpha gamma)} for the {@code V} row and {@code 2c - 1/alpha} for the {@code Q} row.
     *
     * @return the tangent, or empty without an exact Jacobian (or a singular one)
     */
    public Optional<double[]> tangent(double alpha, double lambda, Point p) {
        double[][] jac = p.jacobian();
        int k = mix.dimension();
        int n = k + 3;
        if (!analyticJacobian() || jac == null || jac.length != n) {
            return Optional.empty();
        }
        State s = p.state();
        double v = s.v();
        double scale = 1 + v / gamma;
        double[] dfa = new double[n];
        for (int j = 0; j < k; j++) {
            dfa[j] = -scale * lambda * s.m()[j] / (alpha * alpha);
        }
        double c = (gamma - lambda * v) / (alpha * gamma);
        dfa[k + 1] = c;
        dfa[k + 2] = 2 * c - 1 / alpha;
        try {
            org.hipparchus.linear.DecompositionSolver qr = new org.hipparchus.linear.QRDecomposition(
                    new org.hipparchus.linear.Array2DRowRealMatrix(jac, true), 1e-14).getSolver();
            if (!qr.isNonSingular()) {
                return Optional.empty();
            }
            double[] dx = qr.solve(new org.hipparchus.linear.ArrayRealVector(dfa, false)).toArray();
            for (int i = 0; i < n; i++) {
                dx[i] = -dx[i];
            }
            return Optional.of(dx);
        } catch (org.hipparchus.exception.MathIllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Solves from a nearby state (continuation), optionally with a Jacobian guess (used only where
     * the exact Jacobian is not available, {@link #analyticJacobian()}: Broyden updates of the guess).
     *
     * @return the point, or empty when Newton's method did not converge from this start
     */
    public Optional<Point> solveFrom(double alpha, double lambda, State start, double[][] jacobian) {
        NewtonRootSolver.Result r = analyticJacobian()
                ? solver.solve((x, f, j) -> residualsAndJacobian(alpha, lambda, x, f, j),
                        (x, f) -> residualsWithObservables(alpha, lambda, x, f), start.pack())
                : solver.solve((x, f) -> residuals(alpha, lambda, x, f), start.pack(), jacobian);
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, String.format(java.util.Locale.ROOT,
                    "ERM solve %s: alpha=%g lambda=%g residual=%.3e it=%d evals=%d x=%s f=%s",
                    r.converged() ? "converged" : "failed", alpha, lambda, r.residual(), r.iterations(),
                    r.evaluations(), java.util.Arrays.toString(r.x()), java.util.Arrays.toString(r.f())));
        }
        if (!r.converged()) {
            return Optional.empty();
        }
        return Optional.of(new Point(State.unpack(r.x(), mix.dimension()), r.residual(), r.iterations(),
                r.jacobian()));
    }

    /**
     * {@link #solveFrom} from a start expected to be (nearly) a solution, e.g. the same point solved with
     * a coarser rule: with the exact Jacobian available, {@code F} is first evaluated without it (with the
     * observables) and the first Newton step uses {@code jacobian}; the Jacobian is evaluated only if
     * that step does not converge.
     */
    Optional<Point> solveNear(double alpha, double lambda, State start, double[][] jacobian) {
        if (!analyticJacobian() || jacobian == null) {
            return solveFrom(alpha, lambda, start, jacobian);
        }
        NewtonRootSolver.Result r = solver.solve((x, f, j) -> residualsAndJacobian(alpha, lambda, x, f, j),
                (x, f) -> residualsWithObservables(alpha, lambda, x, f), start.pack(), jacobian);
        if (!r.converged()) {
            return Optional.empty();
        }
        return Optional.of(new Point(State.unpack(r.x(), mix.dimension()), r.residual(), r.iterations(),
                r.jacobian()));
    }

    /**
     * Solves from a cold start: a homotopy in {@code lambda} from a strongly regularised problem
     * (whose solution is near {@code m = 0}) down to the target, with adaptive steps. A step is
     * accepted only if the point passes {@link #check} and its training loss does not exceed the
     * previous one (the training loss of the ridge ERM is non-decreasing in {@code lambda}), so the
     * path cannot jump to a spurious root.
     *
     * @throws TheoryException with diagnostics if the homotopy stalls
     */
    public Point solveCold(double alpha, double lambda) {
        int k = mix.dimension();
        double lam = FastMath.max(lambda, 1.0);
        Point p = null;
        int iterations = 0;
        String lastFailure = "no convergence";
        for (int attempt = 0; attempt < 6 && p == null; attempt++) {
            for (double q0 : new double[] {1, 1e-2, 10}) {
                State guess = new State(new double[k], meanLabel, q0, gamma / (lam + 0.5 * alpha));
                Optional<Point> tried = solveFrom(alpha, lam, guess, null);
                if (tried.isPresent()) {
                    iterations += tried.get().iterations();
                    Optional<String> bad = check(alpha, lam, tried.get().state());
                    if (bad.isEmpty()) {
                        p = tried.get();
                        break;
                    }
                    lastFailure = bad.get();
                }
            }
            if (p == null) {
                lam *= 10;
            }
        }
        if (p == null) {
            throw new TheoryException("ERM fixed point: no valid solution from a cold start even at lambda=" + lam
                    + " (alpha=" + alpha + "; " + lastFailure + ")");
        }
        double prevLoss = observables(alpha, lam, p.state()).trainLoss();
        double ratio = 0.25;
        while (lam > lambda) {
            double next = FastMath.max(lambda, lam * ratio);
            if (next < 1e-12 * lam && lambda == 0) {
                next = 0;
            }
            Optional<Point> step = solveFrom(alpha, next, p.state(), p.jacobian());
            String why = step.isEmpty() ? "no convergence" : null;
            double stepLoss = Double.NaN;
            if (step.isPresent()) {
                iterations += step.get().iterations();
                why = check(alpha, next, step.get().state()).orElse(null);
                stepLoss = observables(alpha, next, step.get().state()).trainLoss();
                if (why == null && stepLoss > prevLoss + 1e-9 * (1 + prevLoss)) {
                    why = "training loss rose from " + prevLoss + " to " + stepLoss + " as lambda fell";
                }
            }
            if (why != null) {
                ratio = FastMath.sqrt(ratio);
                if (ratio > 0.98) {
                    throw new TheoryException("ERM fixed point: lambda homotopy stalled at lambda=" + lam
                            + " on the way to " + lambda + " (alpha=" + alpha + ", last residual "
                            + p.residual() + "; " + why + ")");
                }
                continue;
            }
            Point q = step.get();
            p = new Point(q.state(), q.residual(), iterations, q.jacobian());
            prevLoss = stepLoss;
            lam = next;
            ratio = FastMath.max(1e-3, ratio * ratio);
            if (lambda == 0 && lam > 0 && lam < 1e-10) {
                Point z = solveFrom(alpha, 0, p.state(), p.jacobian()).orElseThrow(() -> new TheoryException(
                        "ERM fixed point: no convergence at lambda=0 (alpha=" + alpha + ")"));
                return new Point(z.state(), z.residual(), iterations + z.iterations(), z.jacobian());
            }
        }
        return new Point(p.state(), p.residual(), iterations, p.jacobian());
    }

    /** Largest residual at a state. */
    public double residual(double alpha, double lambda, State s) {
        double[] x = s.pack();
        double[] f = new double[x.length];
        residuals(alpha, lambda, x, f);
        double r = 0;
        for (double v : f) {
            r = FastMath.max(r, FastMath.abs(v));
        }
        return r;
    }

    /**
     * What a wrong root violates (section 6): finite order parameters; a training loss, and a
     * training objective {@code E[l] + lambda ||w||^2/(2 alpha d)}, at most the risk of the best
     * constant predictor (the zero weight vector is feasible); a test error at most that of the
     * majority class; for the separable limits {@code V + alpha E[1 - dh] = gamma} leaves
     * {@code V > 0}, which the logarithmic coordinates already guarantee.
     *
     * @return empty if the point passes, else what it violates
     */
    public Optional<String> check(double alpha, double lambda, State s) {
        if (!finite(s)) {
            return Optional.of("non-finite order parameters " + s);
        }
        return check(s, observables(alpha, lambda, s));
    }

    /**
     * {@link #check(double, double, State)} with the observables at {@code s} given (e.g. the mean over
     * the realisations of one law, whose class fractions are all this realisation's).
     */
    public Optional<String> check(State s, Observables o) {
        if (!finite(s)) {
            return Optional.of("non-finite order parameters " + s);
        }
        double bound = loss.constantRisk(positiveFraction);
        double tol = 1e-9 + 1e-7 * bound;
        if (!(o.trainLoss() >= -tol && o.trainLoss() <= bound + tol)) {
            return Optional.of("training loss " + o.trainLoss() + " outside [0, " + bound
                    + "] (the best constant predictor's risk)");
        }
        if (!limit && !(o.objective() <= bound + tol)) {
            return Optional.of("training objective " + o.objective() + " above " + bound
                    + " (the best constant predictor's risk)");
        }
        double majority = FastMath.max(positiveFraction, 1 - positiveFraction);
        if (!(o.testError() >= 0 && o.testError() <= majority + 1e-9)) {
            return Optional.of("test error " + o.testError() + " outside [0, " + majority + "]");
        }
        if (!(o.trainError() >= 0 && o.trainError() <= 1)) {
            return Optional.of("training error " + o.trainError() + " outside [0, 1]");
        }
        return Optional.empty();
    }

    private static boolean finite(State s) {
        return Double.isFinite(s.normSquared()) && Double.isFinite(s.bias()) && s.q() >= 0 && s.v() > 0
                && Double.isFinite(s.v());
    }

    /** {@link #observables(double, double, State)} without the objective (reported as NaN). */
    public Observables observables(State s) {
        return observables(Double.NaN, 0, s);
    }

    /**
     * Section 6 outputs: {@code E_test = E[Phi(-y (<m, omega> + b)/sd)]} (Gaussian parts of
     * {@code omega} folded into {@code sd}), training loss {@code E[l(y, h)]}, training error
     * {@code P(y h < 0)} (a Gaussian tail: the prox is increasing), and the objective
     * {@code E[l] + lambda (|m|^2 + Q)/(2 alpha)}.
     */
    public Observables observables(double alpha, double lambda, State s) {
        Memo last = memo;
        if (last != null && last.matches(alpha, lambda, s)) {
            return last.observables();
        }
        Observables o = computeObservables(alpha, lambda, s);
        memo = new Memo(alpha, lambda, s, o);
        return o;
    }

    /**
     * The last observables computed, by {@link #observables} or {@link #residualsWithObservables} (the
     * last evaluation of a solve is at the solution, which is then checked and reported).
     */
    private record Memo(double alpha, double lambda, State state, Observables observables) {
        boolean matches(double a, double l, State s) {
            return Double.compare(alpha, a) == 0 && Double.compare(lambda, l) == 0
                    && java.util.Arrays.equals(state.m(), s.m()) && Double.compare(state.bias(), s.bias()) == 0
                    && Double.compare(state.q(), s.q()) == 0 && Double.compare(state.v(), s.v()) == 0;
        }
    }

    private volatile Memo memo;

    private double objective(double alpha, double lambda, State s, double trainLoss) {
        return lambda == 0 || limit ? trainLoss : trainLoss + lambda * s.normSquared() / (2 * alpha);
    }

    private Observables computeObservables(double alpha, double lambda, State s) {
        ObservableSums sums = new ObservableSums();
        double[] out = new double[ProxAverages.WITH_LOSS];
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, s.m()) + s.bias();
            double sd = FastMath.sqrt(mix.noiseField(a, s.m()) + rho * s.q());
            double tau = rho * s.v();
            averages.average(y, mu, sd, tau, out, hint(a));
            sums.add(mix.weight(a), y, mu, sd, tau, out[3]);
        }
        return sums.at(alpha, lambda, s);
    }
}
