package org.sparseattention.simulation.protocol;

import java.util.SplittableRandom;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.FeatureMaps;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/**
 * Steps 1-3 of the attention protocol (docs/theory.md section 3) on {@code D0}: plain full-batch
 * gradient steps from zero on the mean loss, with {@code w~ = w/sqrt(d)}:
 * <ol>
 * <li>{@code b1 = -eta_b <l'(y, 0)>_0};</li>
 * <li>{@code w~1 = -eta_w <l'(y, b1) X^T 1/L>_0};</li>
 * <li>{@code q2 = -(eta_q beta / L) <l'(y, yhat1(X)) X^T P X w~1>_0},
 * {@code yhat1 = <w~1, X^T 1/L> + b1}, computed as
 * {@code sum_l (x_l - xbar)(<x_l, w~1> - <xbar, w~1>)}.</li>
 * </ol>
 * {@code D0} is never stored: sample {@code i} is regenerated from its stream
 * {@code (trialSeed, D0, i)} in each pass (step 2 draws only the token means,
 * {@link SparseTokenSampler#drawMean}). Sums are chunked deterministically.
 */
public final class AttentionProtocol {
    /** Samples per reduction chunk (fixed: results do not depend on the thread count). */
    public static final int CHUNK = 32;

    private AttentionProtocol() {
    }

    /** Runs steps 1-3 (docs/theory.md section 3) and returns {@code (b1, w~1, q2)}. */
    public static QuerySteps run(SimulationConfig cfg, SparseTokenSampler sampler, long trialSeed,
            ChunkedExecutor ex) {
        final int n0 = cfg.n0();
        final int L = cfg.L();
        final int d = cfg.d();
        final LossKind loss = cfg.loss();
        final double[] labels = new double[n0];
        double s1 = 0;
        for (int i = 0; i < n0; i++) {
            labels[i] = sampler.drawLabel(Seeds.stream(trialSeed, Seeds.D0, i));
            s1 += loss.derivative(labels[i], 0.0);
        }
        final double b1 = -cfg.etaB() * s1 / n0;
        // step 2
        double[] sum2 = ex.sumChunks(n0, CHUNK, d, () -> new Scratch(L, d), (c, s, e, buf, w) -> {
            double[] xbar = w.xbar;
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.D0, i);
                int y = sampler.drawMean(rng, xbar);
                double coef = loss.derivative(y, b1);
                for (int j = 0; j < d; j++) {
                    buf[j] += coef * xbar[j];
                }
            }
        });
        final double[] w1 = new double[d];
        for (int j = 0; j < d; j++) {
            w1[j] = -cfg.etaW() * sum2[j] / n0;
        }
        // step 3
        double[] sum3 = ex.sumChunks(n0, CHUNK, d, () -> new Scratch(L, d), (c, s, e, buf, w) -> {
            double[] x = w.x;
            double[] xbar = w.xbar;
            double[] u = w.u;
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.D0, i);
                int y = sampler.draw(rng, x, null);
                FeatureMaps.pooled(x, L, d, 1.0, xbar, 0);
                double ubar = 0;
                for (int j = 0; j < d; j++) {
                    ubar += xbar[j] * w1[j];
                }
                double g = loss.derivative(y, ubar + b1);
                if (g == 0) {
                    continue;
                }
                for (int l = 0; l < L; l++) {
                    double ul = 0;
                    int o = l * d;
                    for (int j = 0; j < d; j++) {
                        ul += x[o + j] * w1[j];
                    }
                    u[l] = ul;
                }
                for (int l = 0; l < L; l++) {
                    double c2 = g * (u[l] - ubar);
                    int o = l * d;
                    for (int j = 0; j < d; j++) {
                        buf[j] += c2 * (x[o + j] - xbar[j]);
                    }
                }
            }
        });
        double[] q2 = new double[d];
        double f = -cfg.etaQ() * cfg.beta() / L / n0;
        for (int j = 0; j < d; j++) {
            q2[j] = f * sum3[j];
        }
        return new QuerySteps(b1, w1, q2);
    }

    /** Per-thread buffers: tokens, their mean, token projections. */
    private static final class Scratch {
        final double[] x;
        final double[] xbar;
        final double[] u;

        Scratch(int L, int d) {
            x = new double[L * d];
            xbar = new double[d];
            u = new double[L];
        }
    }
}
