package org.sparseattention.theory.law;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.numerics.RandomizedSobol;

/**
 * Importance-sampled realisations of the attention law of docs/theory.md section 5, for averages
 * dominated by rare events (the capacity of section 7 at strong signal, where only the few
 * samples whose attention misses the signal, or whose noise beats it, contribute).
 *
 * <p>The noise {@code g ~ N(0, I_L)} is drawn from a defensive mixture: with probability
 * {@code p0} unshifted; otherwise, with equal probabilities, one of two shifted components. For
 * {@code y = +1} both shift every signal coordinate down by {@code a}; the first shifts one noise
 * coordinate up by {@code b} (sharp attention: one noise token beats the signal), the second every
 * noise coordinate up by {@code bAll} (soft attention: the average noise is large). For
 * {@code y = -1}: one coordinate up by {@code c}, or every coordinate up by {@code cAll}. The atoms are randomized Sobol points of each component. Their weights are the
 * balance-heuristic likelihood ratios {@code phi(g)/q(g)}, with {@code q} symmetrised over which
 * coordinate is shifted (the summand is invariant under permuting signal coordinates among
 * themselves and noise coordinates among themselves, so the symmetrised ratio keeps the estimator
 * unbiased), self-normalised within each class so that the class weights are exactly
 * {@code pi, 1 - pi}. With {@code a = b = c = 0} this is plain randomized quasi-Monte Carlo.
 */
public final class TiltedAttentionLaw {

    /**
     * The shifts of the proposal.
     *
     * @param a    downward shift of the signal coordinates ({@code y = +1})
     * @param b    upward shift of one noise coordinate ({@code y = +1})
     * @param bAll upward shift of every noise coordinate ({@code y = +1})
     * @param c    upward shift of one coordinate ({@code y = -1})
     * @param cAll upward shift of every coordinate ({@code y = -1})
     * @param p0   probability of the unshifted component, in {@code (0, 1]}
     */
    public record Tilt(double a, double b, double bAll, double c, double cAll, double p0) {
        /** Validates the shifts. */
        public Tilt {
            if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(bAll) && Double.isFinite(c)
                    && Double.isFinite(cAll))) {
                throw new IllegalArgumentException("tilt shifts must be finite");
            }
            if (!(p0 > 0 && p0 <= 1)) {
                throw new IllegalArgumentException("p0 must lie in (0, 1], got " + p0);
            }
        }

        /** No tilt: plain quasi-Monte Carlo. */
        public static Tilt none() {
            return new Tilt(0, 0, 0, 0, 0, 1);
        }

        /** Whether every point comes from the unshifted component (plain quasi-Monte Carlo). */
        public boolean plain() {
            return p0 == 1;
        }
    }

    /**
     * One realisation: the atoms, the per-atom summaries the shift update needs, and the subset
     * formed by the first half of each component's points (itself a valid realisation with half the points).
     */
    public static final class Sample {
        private final Mixture full;
        private final Mixture half;
        private final double[] signalMean;
        private final double[] noiseMax;
        private final double[] noiseMean;

        private Sample(Mixture full, Mixture half, double[] signalMean, double[] noiseMax, double[] noiseMean) {
            this.full = full;
            this.half = half;
            this.signalMean = signalMean;
            this.noiseMax = noiseMax;
            this.noiseMean = noiseMean;
        }

        /** All atoms. */
        public Mixture mixture() {
            return full;
        }

        /** The atoms from the first half of each component's points, weights renormalised. */
        public Mixture half() {
            return half;
        }

        /** Mean of {@code g} over the signal coordinates of atom {@code i} (0 for {@code y = -1}). */
        public double signalMean(int i) {
            return signalMean[i];
        }

        /** Largest {@code g} over the noise coordinates of atom {@code i} (all coordinates for {@code y = -1}). */
        public double noiseMax(int i) {
            return noiseMax[i];
        }

        /** Mean {@code g} over the noise coordinates of atom {@code i} (all coordinates for {@code y = -1}). */
        public double noiseMean(int i) {
            return noiseMean[i];
        }
    }

    private TiltedAttentionLaw() {
    }

    /**
     * Seeds a sample uses: {@code seed + 4 class + component}, {@code 0..6} (independent samples need seeds
     * at least this far apart).
     */
    public static final long SEEDS_PER_SAMPLE = 8;

    /**
     * Builds one realisation with {@code n} atoms per class (rounded so that each component has an even count).
     *
     * @param p     data model ({@code R < L})
     * @param kappa {@code beta ||q||}, finite and {@code >= 0}
     * @param s     {@code cos(q, xi)}
     * @param n     points per class, {@code >= 8}
     * @param tilt  the proposal
     * @param seed  seed of the scramblings of the Sobol points
     */
    public static Sample sample(SparseTokenParameters p, double kappa, double s, int n, Tilt tilt, long seed) {
        if (!(kappa >= 0) || Double.isInfinite(kappa)) {
            throw new IllegalArgumentException("kappa must be finite and >= 0, got " + kappa);
        }
        if (!(Math.abs(s) <= 1)) {
            throw new IllegalArgumentException("s must lie in [-1, 1], got " + s);
        }
        if (n < 8) {
            throw new IllegalArgumentException("points per class must be >= 8, got " + n);
        }
        int n0 = tilt.plain() ? n : 2 * FastMath.max(1, (int) FastMath.round(tilt.p0() * n / 2));
        int n1 = tilt.plain() ? 0 : 2 * FastMath.max(1, (n - n0) / 4);
        int total = n0 + 2 * n1;
        double p0 = (double) n0 / total;
        int L = p.L();
        int R = p.R();
        double theta = p.theta();
        double c = FastMath.sqrt(FastMath.max(0, 1 - s * s));
        int atoms = 2 * total;
        double[] weight = new double[atoms];
        double[] label = new double[atoms];
        double[] rho = new double[atoms];
        double[] mean = new double[2 * atoms];
        double[] noise = new double[2 * atoms];
        double[] sigMean = new double[atoms];
        double[] nMax = new double[atoms];
        double[] nMean = new double[atoms];
        boolean[] firstHalf = new boolean[atoms];
        double[] logits = new double[L];
        double[] att = new double[L];
        double[] g = new double[L];
        for (int cls = 0; cls < 2; cls++) {
            boolean positive = cls == 0;
            double[][] g0 = RandomizedSobol.normals(L, n0, seed + 4L * cls);
            double[][] g1 = n1 > 0 ? RandomizedSobol.normals(L, n1, seed + 4L * cls + 1) : new double[0][];
            double[][] g2 = n1 > 0 ? RandomizedSobol.normals(L, n1, seed + 4L * cls + 2) : new double[0][];
            double sumW = 0;
            for (int i = 0; i < total; i++) {
                int comp = i < n0 ? 0 : i < n0 + n1 ? 1 : 2;
                int j = comp == 0 ? i : comp == 1 ? i - n0 : i - n0 - n1;
                double[] src = comp == 0 ? g0[j] : comp == 1 ? g1[j] : g2[j];
                System.arraycopy(src, 0, g, 0, L);
                if (comp > 0) {
                    if (positive) {
                        for (int l = 0; l < R; l++) {
                            g[l] -= tilt.a();
                        }
                        if (comp == 1) {
                            g[R] += tilt.b();
                        } else {
                            for (int l = R; l < L; l++) {
                                g[l] += tilt.bAll();
                            }
                        }
                    } else if (comp == 1) {
                        g[0] += tilt.c();
                    } else {
                        for (int l = 0; l < L; l++) {
                            g[l] += tilt.cAll();
                        }
                    }
                }
                double ratio = likelihoodRatio(g, positive, R, tilt, p0);
                int at = cls * total + i;
                firstHalf[at] = j < (comp == 0 ? n0 : n1) / 2;
                double av = 0;
                double ag = 0;
                double r2 = 0;
                for (int l = 0; l < L; l++) {
                    logits[l] = kappa * ((positive && l < R ? s * theta : 0) + g[l]);
                }
                AttentionLaw.softmax(logits, att);
                double sm = 0;
                double mx = Double.NEGATIVE_INFINITY;
                double mn = 0;
                for (int l = 0; l < L; l++) {
                    if (positive && l < R) {
                        av += att[l];
                        sm += g[l] / R;
                    } else {
                        mx = FastMath.max(mx, g[l]);
                        mn += g[l];
                    }
                    ag += att[l] * g[l];
                    r2 += att[l] * att[l];
                }
                double w = 1 / ratio;
                weight[at] = w;
                sumW += w;
                label[at] = positive ? 1 : -1;
                rho[at] = r2;
                mean[2 * at] = s * theta * av + ag;
                mean[2 * at + 1] = c * theta * av;
                noise[2 * at] = 0;
                noise[2 * at + 1] = r2;
                sigMean[at] = sm;
                nMax[at] = mx;
                nMean[at] = mn / (positive ? L - R : L);
            }
            double classWeight = positive ? p.pi() : 1 - p.pi();
            for (int i = 0; i < total; i++) {
                weight[cls * total + i] *= classWeight / sumW;
            }
        }
        Mixture full = new Mixture(2, weight, label, rho, mean, noise);
        return new Sample(full, subset(p.pi(), weight, label, rho, mean, noise, firstHalf), sigMean, nMax, nMean);
    }

    /** {@code q(g)/phi(g)} of the symmetrised defensive mixture. */
    private static double likelihoodRatio(double[] g, boolean positive, int R, Tilt t, double p0) {
        if (p0 == 1) {
            return 1;
        }
        int L = g.length;
        double one = 0;
        double all;
        if (positive) {
            double sig = 0;
            for (int l = 0; l < R; l++) {
                sig += g[l];
            }
            double noise = 0;
            double lead = -t.a() * sig - R * t.a() * t.a() / 2;
            for (int l = R; l < L; l++) {
                one += Math.exp(lead + t.b() * g[l] - t.b() * t.b() / 2);
                noise += g[l];
            }
            one /= L - R;
            all = Math.exp(lead + t.bAll() * noise - (L - R) * t.bAll() * t.bAll() / 2);
        } else {
            double sum = 0;
            for (int l = 0; l < L; l++) {
                one += Math.exp(t.c() * g[l] - t.c() * t.c() / 2);
                sum += g[l];
            }
            one /= L;
            all = Math.exp(t.cAll() * sum - L * t.cAll() * t.cAll() / 2);
        }
        return p0 + (1 - p0) * 0.5 * (one + all);
    }

    private static Mixture subset(double pi, double[] weight, double[] label, double[] rho, double[] mean,
                                  double[] noise, boolean[] keep) {
        int m = 0;
        double[] classSum = new double[2];
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                m++;
                classSum[label[i] > 0 ? 0 : 1] += weight[i];
            }
        }
        double[] w = new double[m];
        double[] y = new double[m];
        double[] r = new double[m];
        double[] mu = new double[2 * m];
        double[] nz = new double[2 * m];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                continue;
            }
            int c = label[i] > 0 ? 0 : 1;
            w[j] = weight[i] * (c == 0 ? pi : 1 - pi) / classSum[c];
            y[j] = label[i];
            r[j] = rho[i];
            mu[2 * j] = mean[2 * i];
            mu[2 * j + 1] = mean[2 * i + 1];
            nz[2 * j] = noise[2 * i];
            nz[2 * j + 1] = noise[2 * i + 1];
            j++;
        }
        return new Mixture(2, w, y, r, mu, nz);
    }
}
