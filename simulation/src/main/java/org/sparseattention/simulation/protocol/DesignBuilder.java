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
 * Builds the step-4 design on {@code D1} (THEORY.md sections 2-3): one row per sample
 * {@code i} (stream {@code (trialSeed, D1, i)}), the model's feature scaled by
 * {@code 1/sqrt(d)}. Only the features are stored ({@code n1 x d}, or {@code n1 x L d} for
 * the vectorized model), never the tokens of pooled/attention samples.
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
        return build(model, cfg, cfg.n1(), Seeds.D1, sampler, q, trialSeed, labels, ex);
    }

    /** Same with an explicit sample count and stream id. */
    public static FeatureMatrix build(SimModel model, SimulationConfig cfg, int n, int streamId,
            SparseTokenSampler sampler, double[] q, long trialSeed, double[] labels, ChunkedExecutor ex) {
        final int L = cfg.L();
        final int d = cfg.d();
        final int p = model == SimModel.VECTORIZED ? L * d : d;
        final double scale = 1.0 / Math.sqrt(d);
        final double beta = cfg.beta();
        final double[] data = new double[Math.multiplyExact(n, p)];
        ex.forEachChunk(n, CHUNK, (c, s, e) -> {
            double[] x = new double[L * d];
            double[] a = new double[L];
            for (int i = s; i < e; i++) {
                SplittableRandom rng = Seeds.stream(trialSeed, streamId, i);
                labels[i] = sampler.draw(rng, x, null);
                switch (model) {
                    case POOLED:
                        FeatureMaps.pooled(x, L, d, scale, data, i * p);
                        break;
                    case ATTENTION:
                        FeatureMaps.attention(x, L, d, q, beta, scale, a, data, i * p);
                        break;
                    default:
                        FeatureMaps.vectorized(x, L, d, scale, data, i * p);
                        break;
                }
            }
        });
        return new FeatureMatrix(n, p, data, ex);
    }
}
