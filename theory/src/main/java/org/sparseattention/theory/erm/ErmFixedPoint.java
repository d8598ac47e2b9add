package org.sparseattention.theory.erm;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * Self-consistent equations of the step-4 readout ERM (THEORY.md section 6) on one realisation of
 * a feature law. Unknowns {@code x = (m_1..m_k, b, ln Q, ln V)}; residuals
 * <pre>
 *   F_m = lambda m / alpha - E[g omega]          (lambda m = alpha E[g omega])
 *   F_b = E[g]                                   (bias stationarity)
 *   F_V = ln((lambda V + alpha E[1 - dh]) / gamma)   (V = gamma / (lambda + Vhat), Vhat = alpha E[1-dh]/V)
 *   F_Q = ln(Q (lambda + Vhat)^2 / (gamma alpha E[rho g^2]))   (Q = gamma alpha E[rho g^2] / (lambda + Vhat)^2)
 * </pre>
 * Within an atom the cavity field {@code h_c = <m, omega> + b + sqrt(rho Q) z} is Gaussian with mean
 * {@code <m, mean> + b} and variance {@code sum m_j^2 noise_j + rho Q}; Stein's lemma gives
 * {@code E[g omega_j] = mean_j E[g] - m_j noise_j E[1 - dh]/(rho V)}. The two variance equations are
 * written in logarithms, which keeps them nearly linear in {@code (ln Q, ln V)} when the norm grows
 * (small {@code lambda}, separable data).
 */
public final class ErmFixedPoint {

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

    /** Test error, training loss and training error of a solution (section 6, outputs). */
    public record Observables(double testError, double trainLoss, double trainError) {
    }

    private final Mixture mix;
    private final double gamma;
    private final Loss loss;
    private final ProxAverages averages;
    private final NewtonRootSolver solver;

    /**
     * @param mix      realisation of the feature law
     * @param gamma    bulk dimension ratio
     * @param loss     the loss
     * @param averages its Gaussian averages
     * @param solver   root finder
     */
    public ErmFixedPoint(Mixture mix, double gamma, Loss loss, ProxAverages averages, NewtonRootSolver solver) {
        this.mix = mix;
        this.gamma = gamma;
        this.loss = loss;
        this.averages = averages;
        this.solver = solver;
    }

    /** Evaluates the residuals {@code F(x)} at {@code (alpha, lambda)}. */
    public void residuals(double alpha, double lambda, double[] x, double[] f) {
        int k = mix.dimension();
        double[] m = new double[k];
        System.arraycopy(x, 0, m, 0, k);
        double b = x[k];
        double q = FastMath.exp(x[k + 1]);
        double v = FastMath.exp(x[k + 2]);
        double eg = 0;
        double erg2 = 0;
        double e1 = 0;
        double[] egw = new double[k];
        double[] out = new double[ProxAverages.EQUATIONS];
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, m) + b;
            double sd = FastMath.sqrt(mix.noiseField(a, m) + rho * q);
            double tau = rho * v;
            averages.average(y, mu, sd, tau, out);
            double w = mix.weight(a);
            eg += w * out[0];
            erg2 += w * rho * out[1];
            e1 += w * out[2];
            for (int j = 0; j < k; j++) {
                egw[j] += w * (mix.mean(a, j) * out[0] - m[j] * mix.noise(a, j) * out[2] / tau);
            }
        }
        for (int j = 0; j < k; j++) {
            f[j] = lambda * m[j] / alpha - egw[j];
        }
        f[k] = eg;
        double vhat = alpha * e1 / v;
        f[k + 1] = FastMath.log((lambda * v + alpha * e1) / gamma);
        f[k + 2] = FastMath.log(q * (lambda + vhat) * (lambda + vhat) / (gamma * alpha * erg2));
    }

    /** Solves from a nearby state (continuation), optionally with a Jacobian guess. */
    public Point solveFrom(double alpha, double lambda, State start, double[][] jacobian) {
        NewtonRootSolver.Result r = solver.solve((x, f) -> residuals(alpha, lambda, x, f), start.pack(), jacobian);
        if (Boolean.getBoolean("sta.trace")) {
            System.err.printf("ERM solve %s: alpha=%g lambda=%g residual=%.3e it=%d evals=%d x=%s f=%s%n",
                    r.converged() ? "converged" : "failed", alpha, lambda, r.residual(), r.iterations(),
                    r.evaluations(), java.util.Arrays.toString(r.x()), java.util.Arrays.toString(r.f()));
        }
        if (!r.converged()) {
            return null;
        }
        return new Point(State.unpack(r.x(), mix.dimension()), r.residual(), r.iterations(), r.jacobian());
    }

    /**
     * Solves from a cold start: a homotopy in {@code lambda} from a strongly regularised problem
     * (whose solution is near {@code m = 0}) down to the target, with adaptive steps.
     *
     * @throws TheoryException with diagnostics if the homotopy stalls
     */
    public Point solveCold(double alpha, double lambda) {
        int k = mix.dimension();
        double lam = FastMath.max(lambda, 1.0);
        Point p = null;
        double meanY = 0;
        for (int a = 0; a < mix.size(); a++) {
            meanY += mix.weight(a) * mix.label(a);
        }
        for (int attempt = 0; attempt < 6 && p == null; attempt++) {
            for (double q0 : new double[] {1, 1e-2, 10}) {
                State guess = new State(new double[k], meanY, q0, gamma / (lam + 0.5 * alpha));
                p = solveFrom(alpha, lam, guess, null);
                if (p != null) {
                    break;
                }
            }
            if (p == null) {
                lam *= 10;
            }
        }
        if (p == null) {
            throw new TheoryException("ERM fixed point: no convergence from a cold start even at lambda=" + lam
                    + " (alpha=" + alpha + ")");
        }
        int iterations = p.iterations();
        double ratio = 0.25;
        while (lam > lambda) {
            double next = FastMath.max(lambda, lam * ratio);
            if (next < 1e-12 * lam && lambda == 0) {
                next = 0;
            }
            Point q = solveFrom(alpha, next, p.state(), p.jacobian());
            if (q == null) {
                ratio = FastMath.sqrt(ratio);
                if (ratio > 0.98) {
                    throw new TheoryException("ERM fixed point: lambda homotopy stalled at lambda=" + lam
                            + " on the way to " + lambda + " (alpha=" + alpha + ", last residual "
                            + p.residual() + ")");
                }
                continue;
            }
            p = new Point(q.state(), q.residual(), iterations += q.iterations(), q.jacobian());
            lam = next;
            ratio = FastMath.max(1e-3, ratio * ratio);
            if (lambda == 0 && lam < 1e-10) {
                Point z = solveFrom(alpha, 0, p.state(), p.jacobian());
                if (z == null) {
                    throw new TheoryException("ERM fixed point: no convergence at lambda=0 (alpha=" + alpha + ")");
                }
                return new Point(z.state(), z.residual(), iterations + z.iterations(), z.jacobian());
            }
        }
        return p;
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
     * Section 6 outputs: {@code E_test = E[Phi(-y (<m, omega> + b)/sd)]} (Gaussian parts of
     * {@code omega} folded into {@code sd}), training loss {@code E[l(y, h)]}, training error
     * {@code P(y h < 0) = E[Phi((tau y l'(y, 0) - y mu)/sd)]} (the prox is increasing and maps
     * {@code y h_c = tau y l'(y,0)} to {@code y h = 0}).
     */
    public Observables observables(State s) {
        double test = 0;
        double trainLoss = 0;
        double trainErr = 0;
        double[] out = new double[ProxAverages.WITH_LOSS];
        for (int a = 0; a < mix.size(); a++) {
            double rho = mix.rho(a);
            double y = mix.label(a);
            double mu = mix.meanField(a, s.m()) + s.bias();
            double sd = FastMath.sqrt(mix.noiseField(a, s.m()) + rho * s.q());
            double tau = rho * s.v();
            double w = mix.weight(a);
            test += w * Gaussian.cdf(-y * mu / sd);
            averages.average(y, mu, sd, tau, out);
            trainLoss += w * out[3];
            trainErr += w * Gaussian.cdf((tau * y * loss.derivative(y, 0) - y * mu) / sd);
        }
        return new Observables(test, trainLoss, trainErr);
    }
}
