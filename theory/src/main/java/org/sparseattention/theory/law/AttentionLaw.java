package org.sparseattention.theory.law;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.numerics.RandomizedSobol;

/**
 * The attention feature's law for a query with {@code kappa = beta ||q||} and
 * {@code s = cos(q, xi)} (docs/theory.md section 5): with {@code g ~ N(0, I_L)},
 * {@code a = softmax(kappa (s theta v + g))} (log-sum-exp), {@code A_v = <a, v>},
 * {@code A_g = <a, g>}, {@code rho = ||a||^2}: {@code omega_q = s theta A_v + A_g},
 * {@code omega_p = sqrt(1 - s^2) theta A_v + sqrt(rho) t}, {@code gamma = 1}.
 * The average over {@code g} uses randomized Sobol points (one atom per point and class);
 * the {@code t} stays Gaussian. At {@code kappa = 0} the weights are uniform and the law is the
 * pooled one in the rotated basis: it is then represented exactly.
 */
public final class AttentionLaw implements FeatureLaw {
    private final Mixture[] mixtures;
    private final boolean exact;

    /**
     * @param p              data model
     * @param kappa          {@code beta ||q||}, {@code >= 0}
     * @param s              {@code cos(q, xi)} in {@code [-1, 1]}
     * @param pointsPerClass quasi-Monte Carlo points per class
     * @param randomizations independent random shifts
     * @param seed           seed of the shifts
     */
    public AttentionLaw(SparseTokenParameters p, double kappa, double s, int pointsPerClass, int randomizations,
                        long seed) {
        this(p, kappa, s, pointsPerClass, randomizations, seed, TiltedAttentionLaw.Tilt.none());
    }

    /**
     * As {@link #AttentionLaw(SparseTokenParameters, double, double, int, int, long)}, each randomization
     * drawn from the importance-sampling proposal {@code tilt} ({@link TiltedAttentionLaw}; with
     * {@link TiltedAttentionLaw.Tilt#none()} plain randomized quasi-Monte Carlo).
     */
    public AttentionLaw(SparseTokenParameters p, double kappa, double s, int pointsPerClass, int randomizations,
                        long seed, TiltedAttentionLaw.Tilt tilt) {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
        }
        if (!(Math.abs(s) <= 1)) {
            throw new IllegalArgumentException("s must lie in [-1, 1], got " + s);
        }
        if (kappa == 0) {
            exact = true;
            mixtures = new Mixture[] {uniform(p, s)};
            return;
        }
        exact = false;
        mixtures = new Mixture[randomizations];
        boolean plain = tilt.plain();
        for (int r = 0; r < randomizations; r++) {
            // the plain law scrambles with seed sr + class, the tilted one with sr + 4 class + component (0..6):
            // the randomizations' seeds are spaced so that no two of them share a scrambling (which would
            // correlate them, and the spread over randomizations would no longer measure the error)
            long sr = seed * 1_000_003L + (plain ? 2L : TiltedAttentionLaw.SEEDS_PER_SAMPLE) * r;
            mixtures[r] = plain ? build(p, kappa, s, pointsPerClass, sr)
                    : TiltedAttentionLaw.sample(p, kappa, s, pointsPerClass, tilt, sr).mixture();
        }
    }

    private static Mixture uniform(SparseTokenParameters p, double s) {
        double av = p.theta() * p.R() / p.L();
        double c = FastMath.sqrt(FastMath.max(0, 1 - s * s));
        double v = 1.0 / p.L();
        return new Mixture(2, new double[] {p.pi(), 1 - p.pi()}, new double[] {1, -1}, new double[] {v, v},
                new double[] {s * av, c * av, 0, 0}, new double[] {v, v, v, v});
    }

    private static Mixture build(SparseTokenParameters p, double kappa, double s, int n, long seed) {
        int L = p.L();
        int R = p.R();
        double theta = p.theta();
        double c = FastMath.sqrt(FastMath.max(0, 1 - s * s));
        double[] weight = new double[2 * n];
        double[] label = new double[2 * n];
        double[] rho = new double[2 * n];
        double[] mean = new double[4 * n];
        double[] noise = new double[4 * n];
        double[] logits = new double[L];
        double[] a = new double[L];
        for (int cls = 0; cls < 2; cls++) {
            boolean positive = cls == 0;
            double[][] g = RandomizedSobol.normals(L, n, seed + cls);
            for (int i = 0; i < n; i++) {
                int at = cls * n + i;
                for (int l = 0; l < L; l++) {
                    double v = positive && l < R ? 1 : 0;
                    logits[l] = kappa * (s * theta * v + g[i][l]);
                }
                softmax(logits, a);
                double av = 0;
                double ag = 0;
                double r2 = 0;
                for (int l = 0; l < L; l++) {
                    if (positive && l < R) {
                        av += a[l];
                    }
                    ag += a[l] * g[i][l];
                    r2 += a[l] * a[l];
                }
                weight[at] = (positive ? p.pi() : 1 - p.pi()) / n;
                label[at] = positive ? 1 : -1;
                rho[at] = r2;
                mean[2 * at] = s * theta * av + ag;
                mean[2 * at + 1] = c * theta * av;
                noise[2 * at] = 0;
                noise[2 * at + 1] = r2;
            }
        }
        return new Mixture(2, weight, label, rho, mean, noise);
    }

    /** Log-sum-exp softmax of {@code x} into {@code out}. */
    public static void softmax(double[] x, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = FastMath.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < x.length; i++) {
            out[i] /= sum;
        }
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public double gamma() {
        return 1;
    }

    @Override
    public boolean exact() {
        return exact;
    }

    @Override
    public int randomizations() {
        return mixtures.length;
    }

    @Override
    public Mixture mixture(int r) {
        return mixtures[r];
    }
}
