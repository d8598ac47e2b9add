package org.sparseattention.simulation.protocol;

import java.util.SplittableRandom;

import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.FeatureMaps;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/**
 * Builds the step-4 design on {@code D1} (docs/theory.md sections 2-3): one row per sample
 * {@code i} (stream {@code (trialSeed, D1, i)}), the model's feature scaled by
 * {@code 1/sqrt(d)}. Samples are drawn one at a time into per-thread buffers and only their
 * features are stored ({@code n1 x d}, or {@code n1 x L d} for the vectorized model), never the
 * tokens of pooled/attention samples; by default in {@code float}
 * ({@link FeatureMatrix.Precision#FLOAT}).
 */
public final class DesignBuilder {
    private static final int CHUNK = 16;

    private DesignBuilder() {
    }

    /**
     * @param q      query (attention only; ignored otherwise)
     * @param labels output labels, length {@code n1}
     */
    public static FeatureMatrix build(SimModel model, SimulationConfig cfg, SparseTokenSampler sampler, double[] q,
            long trialSeed, double[] labels, ChunkedExecutor ex) {
        return build(model, cfg, cfg.n1(), Seeds.D1, sampler, q, trialSeed, labels, FeatureMatrix.Precision.FLOAT, ex);
    }

    /** Same with an explicit sample count, stream id and storage precision. */
    public static FeatureMatrix build(SimModel model, SimulationConfig cfg, int n, int streamId,
            SparseTokenSampler sampler, double[] q, long trialSeed, double[] labels, FeatureMatrix.Precision precision,
            ChunkedExecutor ex) {
        final int L = cfg.L();
        final int d = cfg.d();
        final int p = model == SimModel.VECTORIZED ? Math.multiplyExact(L, d) : d;
        final double scale = 1.0 / Math.sqrt(d);
        final double beta = cfg.beta();
        final FeatureMatrix.Builder rows = FeatureMatrix.builder(n, p, precision);
        ex.forEachChunk(n, CHUNK, () -> new Scratch(L, d), (c, s, e, w) -> {
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, streamId, i);
                switch (model) {
                    case POOLED:
                        // the token mean alone: d Gaussians instead of L d, same sample as the other models
                        labels[i] = sampler.drawMean(rng, w.phi);
                        rows.setRow(i, w.phi, 0, scale);
                        break;
                    case ATTENTION:
                        labels[i] = sampler.draw(rng, w.x, null);
                        FeatureMaps.attention(w.x, L, d, q, beta, 1.0, w.a, w.phi, 0);
                        rows.setRow(i, w.phi, 0, scale);
                        break;
                    default:
                        labels[i] = sampler.draw(rng, w.x, null);
                        rows.setRow(i, w.x, 0, scale);
                        break;
                }
            }
        });
        return rows.build(ex);
    }

    /** Per-thread buffers: tokens, softmax weights, feature. */
    private static final class Scratch {
        final double[] x;
        final double[] a;
        final double[] phi;

        Scratch(int L, int d) {
            x = new double[L * d];
            a = new double[L];
            phi = new double[d];
        }
    }
}
