package org.sparseattention.simulation.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.FeatureMaps;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;
import org.sparseattention.simulation.util.Vec;

/**
 * Test error on fresh samples (docs/theory.md sections 2-3; docs/cli.md "exact test draws").
 *
 * <p>Exact low-dimensional draws: for pooled and attention models a prediction depends on a
 * token only through its coordinates in an orthonormal basis {@code E} of
 * {@code span(xi, q, w)} (Gram-Schmidt): {@code E^T x_l = theta v_l E^T xi + g_l},
 * {@code g_l ~ N(0, I_k)} i.i.d., because {@code E^T Z} has i.i.d. standard normal entries.
 * For the vectorized model, token {@code l} enters only through
 * {@code <x_l, w_l> = theta v_l <xi, w_l> + ||w_l|| N(0,1)}. So drawing these few numbers is
 * an exact draw of the test prediction, not an approximation.
 */
public final class TestErrorEstimator {
    /** Test samples per chunk (each chunk has its own stream {@code (trialSeed, TEST, chunk)}). */
    public static final int CHUNK = 4096;

    private TestErrorEstimator() {
    }

    /**
     * Orthonormal basis of the span of the given vectors (modified Gram-Schmidt applied twice;
     * vectors already in the span of the previous ones are dropped).
     */
    public static List<double[]> orthonormalBasis(double[]... vs) {
        List<double[]> basis = new ArrayList<>();
        for (double[] v : vs) {
            if (v == null) {
                continue;
            }
            double n0 = Vec.norm(v);
            if (n0 == 0) {
                continue;
            }
            double[] u = v.clone();
            for (int pass = 0; pass < 2; pass++) {
                for (double[] e : basis) {
                    Vec.axpy(-Vec.dot(e, u), e, u);
                }
            }
            double nu = Vec.norm(u);
            if (nu > 1e-10 * n0) {
                for (int j = 0; j < u.length; j++) {
                    u[j] /= nu;
                }
                basis.add(u);
            }
        }
        return basis;
    }

    private static double[] coords(List<double[]> basis, double[] v) {
        double[] c = new double[basis.size()];
        if (v != null) {
            for (int k = 0; k < c.length; k++) {
                c[k] = Vec.dot(basis.get(k), v);
            }
        }
        return c;
    }

    /**
     * Exact test error of the classifier {@code yhat = <w, phi(X)>/sqrt(d) + b} by
     * low-dimensional draws.
     *
     * @param q query (attention only; may be zero)
     * @param w readout of length {@code d} (pooled, attention) or {@code L d} (vectorized)
     */
    public static TestEstimate exact(SimModel model, SimulationConfig cfg, double[] xi, double[] q, double[] w,
            double b, long trialSeed, int samples, ChunkedExecutor ex) {
        final int L = cfg.L();
        final int d = cfg.d();
        final double invSqrtD = 1.0 / Math.sqrt(d);
        final int m = ChunkedExecutor.chunkCount(samples, CHUNK);
        final long[] errors = new long[m];
        if (model == SimModel.VECTORIZED) {
            final double[] sl = new double[L];
            final double[] rl = new double[L];
            for (int l = 0; l < L; l++) {
                double s = 0, r = 0;
                for (int j = 0; j < d; j++) {
                    double wj = w[l * d + j];
                    s += wj * xi[j];
                    r += wj * wj;
                }
                sl[l] = s;
                rl[l] = Math.sqrt(r);
            }
            final SparseTokenSampler low = new SparseTokenSampler(L, cfg.R(), cfg.pi(), cfg.theta(), new double[] {1.0});
            final double theta = cfg.theta();
            ex.forEachChunk(samples, CHUNK, (c, s, e) -> {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.TEST, c);
                double[] x = new double[L];
                boolean[] sig = new boolean[L];
                long err = 0;
                for (int i = s; i < e; i++) {
                    int y = low.draw(rng, x, sig);
                    double z = 0;
                    for (int l = 0; l < L; l++) {
                        double g = sig[l] ? x[l] - theta : x[l];
                        z += (sig[l] ? theta * sl[l] : 0) + rl[l] * g;
                    }
                    double yhat = z * invSqrtD + b;
                    if (y * yhat <= 0) {
                        err++;
                    }
                }
                errors[c] = err;
            });
        } else {
            final boolean att = model == SimModel.ATTENTION && q != null;
            List<double[]> basis = orthonormalBasis(xi, att ? q : null, w);
            final int k = basis.size();
            final double[] cXi = coords(basis, xi);
            final double[] cQ = coords(basis, att ? q : null);
            final double[] cW = coords(basis, w);
            final double beta = cfg.beta();
            final SparseTokenSampler low = new SparseTokenSampler(L, cfg.R(), cfg.pi(), cfg.theta(), cXi);
            ex.forEachChunk(samples, CHUNK, (c, s, e) -> {
                SplittableRandom rng = Seeds.stream(trialSeed, Seeds.TEST, c);
                double[] x = new double[L * k];
                double[] a = new double[L];
                long err = 0;
                for (int i = s; i < e; i++) {
                    int y = low.draw(rng, x, null);
                    double z = 0;
                    if (att) {
                        FeatureMaps.attentionWeights(x, L, k, cQ, beta, a);
                        for (int l = 0; l < L; l++) {
                            double pr = 0;
                            for (int j = 0; j < k; j++) {
                                pr += x[l * k + j] * cW[j];
                            }
                            z += a[l] * pr;
                        }
                    } else {
                        for (int l = 0; l < L; l++) {
                            for (int j = 0; j < k; j++) {
                                z += x[l * k + j] * cW[j];
                            }
                        }
                        z /= L;
                    }
                    double yhat = z * invSqrtD + b;
                    if (y * yhat <= 0) {
                        err++;
                    }
                }
                errors[c] = err;
            });
        }
        return TestEstimate.ofChunks(errors, samples);
    }

    /**
     * Test error by full {@code d}-dimensional draws (stream {@code (trialSeed, TEST_FULL, i)});
     * slow, used to check {@link #exact}.
     */
    public static TestEstimate fullDimensional(SimModel model, SimulationConfig cfg, double[] xi, double[] q,
            double[] w, double b, long trialSeed, int samples, ChunkedExecutor ex) {
        final int L = cfg.L();
        final int d = cfg.d();
        final int p = model == SimModel.VECTORIZED ? L * d : d;
        final double scale = 1.0 / Math.sqrt(d);
        final SparseTokenSampler sampler = new SparseTokenSampler(L, cfg.R(), cfg.pi(), cfg.theta(), xi);
        final int m = ChunkedExecutor.chunkCount(samples, CHUNK);
        final long[] errors = new long[m];
        ex.forEachChunk(samples, CHUNK, (c, s, e) -> {
            double[] x = new double[L * d];
            double[] phi = new double[p];
            double[] a = new double[L];
            long err = 0;
            for (int i = s; i < e; i++) {
                int y = sampler.draw(Seeds.stream(trialSeed, Seeds.TEST_FULL, i), x, null);
                switch (model) {
                    case POOLED:
                        FeatureMaps.pooled(x, L, d, scale, phi, 0);
                        break;
                    case ATTENTION:
                        FeatureMaps.attention(x, L, d, q, cfg.beta(), scale, a, phi, 0);
                        break;
                    default:
                        FeatureMaps.vectorized(x, L, d, scale, phi, 0);
                        break;
                }
                double yhat = Vec.dot(phi, w) + b;
                if (y * yhat <= 0) {
                    err++;
                }
            }
            errors[c] = err;
        });
        return TestEstimate.ofChunks(errors, samples);
    }
}
