package org.sparseattention.simulation.protocol;

import java.util.SplittableRandom;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.FeatureMaps;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;
import org.sparseattention.simulation.util.Vec;

/**
 * Joint training beyond the paper's protocol (docs/cli.md {@code --joint-steps}): from the step-4
 * solution, {@code N} full-batch gradient-descent steps on {@code (w~, b, q)} jointly, on the
 * step-4 objective divided by {@code n1}:
 * {@code J = (1/n1) sum_i l(y_i, <w~, f_q(X_i)> + b) + (lambda d / (2 n1)) ||w~||^2},
 * {@code w~ = w/sqrt(d)}, with a backtracking line search whose largest step is {@code jointEta}. The query gradient of one sample is
 * {@code l' beta X^T (diag(a) - a a^T) X w~ = l' beta sum_l a_l (u_l - <a,u>) x_l},
 * {@code u = X w~}, {@code a = softmax(beta X q)} (at {@code q = 0} it reduces to step 3).
 *
 * <p>Memory: {@code f_q} depends on all of {@code X_i}, so each step regenerates the
 * {@code D1} samples from their streams (the same samples as step 4) instead of storing the
 * {@code n1 x L x d} tokens: costly (one full data generation per step) but memory safe.
 */
public final class JointTrainer {
    private static final int CHUNK = 16;

    /**
     * @param testError test error after each step (entry 0 = start)
     * @param cosQXi    {@code cos(q, xi)} after each step (entry 0 = start)
     * @param objective training objective {@code J} after each step (entry 0 = start), non-increasing
     * @param stepSize  accepted step size of each step (entry 0 = 0; 0 where no trial step decreased J)
     * @param w         final readout {@code w = sqrt(d) w~}
     * @param b         final bias
     * @param q         final query
     */
    public record Trajectory(double[] testError, double[] cosQXi, double[] objective, double[] stepSize, double[] w,
                             double b, double[] q) {
    }

    private JointTrainer() {
    }

    /**
     * Objective {@code J} and its gradient at {@code (w~, b, q)}: returns an array
     * {@code [dJ/dw~ (d), dJ/db, dJ/dq (d), J]} (docs/theory.md section 3 objective, docs/cli.md scaling).
     */
    public static double[] objectiveAndGradient(SimulationConfig cfg, SparseTokenSampler sampler, double[] wt,
            double b, double[] q, long trialSeed, ChunkedExecutor ex) {
        int d = cfg.d();
        int n1 = cfg.n1();
        double[] s = sums(cfg, sampler, wt, b, q, trialSeed, ex);
        double ridge = cfg.lambda() * d / n1;
        double[] out = new double[2 * d + 2];
        for (int j = 0; j < d; j++) {
            out[j] = s[j] / n1 + ridge * wt[j];
            out[d + 1 + j] = s[d + 1 + j] / n1;
        }
        out[d] = s[d] / n1;
        out[2 * d + 1] = s[2 * d + 1] / n1 + 0.5 * ridge * Vec.dot(wt, wt);
        return out;
    }

    /**
     * Mean loss of the attention model {@code (w~, b, q)} on {@code n1} fresh validation samples
     * (their own stream, used by no other step): the held-out loss of the joint steps' early stop.
     */
    public static double heldOutLoss(SimulationConfig cfg, SparseTokenSampler sampler, double[] wt, double b,
            double[] q, long trialSeed, ChunkedExecutor ex) {
        final int nv = cfg.n1();
        final int L = cfg.L();
        final int d = cfg.d();
        final double beta = cfg.beta();
        final LossKind loss = cfg.loss();
        return ex.sumChunks(nv, CHUNK, 1, (c, s, e, buf) -> {
            double[] x = new double[L * d];
            double[] a = new double[L];
            double[] phi = new double[d];
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.VALIDATION, i);
                int y = sampler.draw(rng, x, null);
                FeatureMaps.attention(x, L, d, q, beta, 1.0, a, phi, 0);
                buf[0] += loss.value(y, Vec.dot(phi, wt) + b);
            }
        })[0] / nv;
    }

    /** Sums over D1 of {@code l' phi}, {@code l'}, the query gradient, and the loss. */
    private static double[] sums(SimulationConfig cfg, SparseTokenSampler sampler, double[] wCur, double bCur,
            double[] qCur, long trialSeed, ChunkedExecutor ex) {
        final int n1 = cfg.n1();
        final int L = cfg.L();
        final int d = cfg.d();
        final double beta = cfg.beta();
        final LossKind loss = cfg.loss();
        return ex.sumChunks(n1, CHUNK, 2 * d + 2, (c, s, e, buf) -> {
            double[] x = new double[L * d];
            double[] a = new double[L];
            double[] phi = new double[d];
            double[] u = new double[L];
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.D1, i);
                int y = sampler.draw(rng, x, null);
                FeatureMaps.attention(x, L, d, qCur, beta, 1.0, a, phi, 0);
                double z = Vec.dot(phi, wCur) + bCur;
                buf[2 * d + 1] += loss.value(y, z);
                double r = loss.derivative(y, z);
                if (r == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    buf[j] += r * phi[j];
                }
                buf[d] += r;
                double ua = 0;
                for (int l = 0; l < L; l++) {
                    u[l] = Vec.dot(x, l * d, wCur, d);
                    ua += a[l] * u[l];
                }
                for (int l = 0; l < L; l++) {
                    double cl = r * beta * a[l] * (u[l] - ua);
                    int o = l * d;
                    for (int j = 0; j < d; j++) {
                        buf[d + 1 + j] += cl * x[o + j];
                    }
                }
            }
        });
    }

    /** Sufficient-decrease constant of the Armijo condition. */
    public static final double ARMIJO = 1e-4;
    /** Halvings of the trial step before a step is given up (the point is then kept). */
    public static final int MAX_HALVINGS = 30;

    /**
     * Runs {@code cfg.jointSteps()} joint steps from {@code (w0, b0, q0)}: gradient descent on
     * {@code J} with a backtracking (Armijo) line search, so that {@code J} never increases. Each
     * step tries {@code eta = min(jointEta, 2 eta_prev)} and halves it until
     * {@code J(x - eta g) <= J(x) - ARMIJO eta |g|^2}; when no trial step decreases {@code J} the
     * point is kept (step size 0). Early stopping: a step that decreases {@code J} but increases the
     * held-out loss on fresh validation samples ({@link #heldOutLoss}) is not taken, and the joint training stops
     * there (the remaining steps keep the point, step size 0): on {@code D1} alone the query step
     * fits noise once {@code q} is well aligned.
     */
    public static Trajectory run(SimulationConfig cfg, SparseTokenSampler sampler, double[] xi, double[] q0,
            double[] w0, double b0, long trialSeed, ChunkedExecutor ex) {
        final int steps = cfg.jointSteps();
        final int d = cfg.d();
        final double sqrtD = Math.sqrt(d);
        final int tests = cfg.effectiveTestSamples();
        double[] wt = new double[d];
        for (int j = 0; j < d; j++) {
            wt[j] = w0[j] / sqrtD;
        }
        double[] q = q0.clone();
        double b = b0;
        double[] testErr = new double[steps + 1];
        double[] cosQ = new double[steps + 1];
        double[] objective = new double[steps + 1];
        double[] stepSize = new double[steps + 1];
        testErr[0] = TestErrorEstimator.exact(SimModel.ATTENTION, cfg, xi, q, w0, b, trialSeed, tests, ex).error();
        cosQ[0] = Vec.cos(q, xi);
        double[] g = objectiveAndGradient(cfg, sampler, wt, b, q, trialSeed, ex);
        objective[0] = g[2 * d + 1];
        double eta = cfg.jointEta();
        double held = heldOutLoss(cfg, sampler, wt, b, q, trialSeed, ex);
        boolean stopped = false;
        for (int step = 1; step <= steps; step++) {
            double g2 = 0;
            for (int j = 0; j < 2 * d + 1; j++) {
                g2 += g[j] * g[j];
            }
            double j0 = g[2 * d + 1];
            double accepted = 0;
            double[] next = null;
            double[] wn = new double[d];
            double[] qn = new double[d];
            double bn = b;
            double trial = Math.min(cfg.jointEta(), 2 * eta);
            for (int h = 0; h <= MAX_HALVINGS && g2 > 0 && !stopped; h++, trial /= 2) {
                for (int j = 0; j < d; j++) {
                    wn[j] = wt[j] - trial * g[j];
                    qn[j] = q[j] - trial * g[d + 1 + j];
                }
                bn = b - trial * g[d];
                double[] gn = objectiveAndGradient(cfg, sampler, wn, bn, qn, trialSeed, ex);
                if (gn[2 * d + 1] <= j0 - ARMIJO * trial * g2) {
                    accepted = trial;
                    next = gn;
                    break;
                }
            }
            if (next != null) {
                double heldNext = heldOutLoss(cfg, sampler, wn, bn, qn, trialSeed, ex);
                if (heldNext > held) {
                    stopped = true;
                    next = null;
                    accepted = 0;
                } else {
                    held = heldNext;
                }
            }
            if (next != null) {
                wt = wn;
                q = qn;
                b = bn;
                g = next;
                eta = accepted;
            }
            objective[step] = g[2 * d + 1];
            stepSize[step] = accepted;
            double[] w = new double[d];
            for (int j = 0; j < d; j++) {
                w[j] = wt[j] * sqrtD;
            }
            testErr[step] = TestErrorEstimator.exact(SimModel.ATTENTION, cfg, xi, q, w, b, trialSeed, tests, ex).error();
            cosQ[step] = Vec.cos(q, xi);
        }
        double[] w = new double[d];
        for (int j = 0; j < d; j++) {
            w[j] = wt[j] * sqrtD;
        }
        return new Trajectory(testErr, cosQ, objective, stepSize, w, b, q);
    }
}
