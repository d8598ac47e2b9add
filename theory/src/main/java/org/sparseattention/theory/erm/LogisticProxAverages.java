package org.sparseattention.theory.erm;

import java.util.Arrays;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.loss.LogisticLoss;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.GaussLegendreRule;

/**
 * Logistic loss (docs/theory.md section 6), in the margin variable: {@code u = y h} solves
 * {@code u = u_c + tau sigma(-u)} with {@code u_c = y h_c ~ N(a, sd^2)}, so {@code g = y sigma(-u)},
 * {@code dh = 1/(1 + tau sigma(u) sigma(-u))} and the loss is {@code log(1 + exp(-u))}.
 *
 * <p>The averages over {@code z} use the Gauss-Hermite rule while {@code sd <= 1}. For a wider
 * cavity field the integrands change on a scale of order one in {@code u}, i.e. on
 * {@code 1/sd} in {@code z}, which a Gauss-Hermite rule of a few dozen nodes does not resolve: its
 * equations then have spurious roots (a training loss above {@code log 2} with a residual of
 * {@code 1e-11}). There the average is a composite Gauss-Legendre rule in {@code u} over the
 * image of {@code z} in {@code [-8, 8]} (the mass beyond is {@code 1.2e-15}), with panel ends at the
 * images of {@code z = 0, +-2, ..., +-8} (to {@code 0.01} in {@code z}), and at {@code u = 0, +-2, ..., +-32}
 * and where the curvature crosses one where those panels are wider than one in {@code u} ({@link #knots});
 * the panels beyond {@code |z| = 6} (mass below {@code 1e-9}) use a 6-node rule. The same nodes give the
 * derivatives of the averages ({@link #averageWithDerivatives}). About 95 nodes per atom on the default
 * curve, within {@code 1e-10} of a 30,000-node reference.
 */
final class LogisticProxAverages implements ProxAverages {
    /** Largest {@code sd} averaged with the Gauss-Hermite rule. */
    static final double HERMITE_MAX_SD = 1;
    private static final double Z_MAX = 8;
    /** Beyond this {@code |z|} (a panel end at {@code z = +-6}) the Gaussian weight is below {@code 6e-9}. */
    private static final double Z_TAIL = 6;
    /** Gauss-Legendre order of the tail panels (whole mass below {@code 1e-9}; 4 nodes leave errors of {@code 3e-10} in the loss). */
    private static final int TAIL_ORDER = 6;
    private static final double[] U_KNOTS = {-32, -16, -8, -4, -2, 0, 2, 4, 8, 16, 32};
    private static final double[] CURVATURE_KNOTS = {-4, -2, 0, 2, 4};
    /** Width in {@code u} above which a panel is split at a knot of {@link #U_KNOTS} or of the curvature. */
    private static final double MIN_SPLIT = 1;
    /** Spacing in {@code z} of the panel ends that resolve the Gaussian weight. */
    private static final double Z_STEP = 2;
    /** Most panel ends {@link #knots} can give: the images of {@code z}, the curvature knots and {@link #U_KNOTS}. */
    private static final int KNOT_CAPACITY = 2 * (int) Math.round(Z_MAX / Z_STEP) + 1 + U_KNOTS.length
            + 2 * CURVATURE_KNOTS.length;

    /**
     * Upper ends of the {@code sd} bands in which a smaller Gauss-Hermite rule is used: the integrand
     * {@code f(prox(a0 + sd z))} is analytic in {@code z} with derivatives scaling like powers of {@code sd}
     * (the prox is a contraction), so a narrow field needs fewer nodes. With the default 24 nodes the
     * band sizes 8, 10, 12, 16, 20 keep the averages and their derivatives within {@code 3e-11} of a
     * 96-node rule over {@code |a0| <= 12}, {@code tau} in {@code [1e-3, 1e3]} (24 nodes at {@code sd = 1}:
     * {@code 1.5e-9}); {@code LogisticProxAveragesTest} checks it.
     */
    static final double[] SD_BANDS = {0.2, 0.3, 0.4, 0.6, 0.7};
    /** Size of each band's rule as a fraction of the configured size. */
    private static final double[] BAND_FRACTIONS = {1.0 / 3, 5.0 / 12, 0.5, 2.0 / 3, 5.0 / 6};

    private final GaussHermiteRule rule;
    private final GaussHermiteRule[] bandRules;
    private final double[] glNodes;
    private final double[] glWeights;
    private final double[] tailNodes;
    private final double[] tailWeights;
    /**
     * Each thread's scratch arrays: the averages run once per atom and evaluation (about 1.2 million times on
     * the default attention curve), and allocating their few small arrays every time made about 0.6 GB of
     * garbage a curve, whose collection and fresh pages cost several percent of its wall time.
     */
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(this::newScratch);

    /** One thread's scratch arrays ({@link #scratch}); a call uses each at most once, never across calls. */
    private static final class Scratch {
        final double[] knots = new double[KNOT_CAPACITY];
        final double[] tails = new double[2];
        final double[] ex;
        final double[] acc = new double[4];
        final double[] accWithDerivatives = new double[15];
        final double[] prev = new double[3];

        Scratch(int order) {
            ex = new double[order];
        }
    }

    private Scratch newScratch() {
        return new Scratch(glNodes.length);
    }

    /**
     * @param rule Gauss-Hermite rule for narrow cavity fields; its size {@code n} also sets the
     *             Gauss-Legendre order {@code max(6, (n + 4)/3)} of each panel of the composite rule, so
     *             that doubling {@code n} refines both rules
     */
    LogisticProxAverages(GaussHermiteRule rule) {
        this(rule, FastMath.max(6, (rule.size() + 4) / 3));
    }

    LogisticProxAverages(GaussHermiteRule rule, int order) {
        this.rule = rule;
        bandRules = new GaussHermiteRule[SD_BANDS.length];
        for (int b = 0; b < SD_BANDS.length; b++) {
            int n = (int) FastMath.max(4, FastMath.round(BAND_FRACTIONS[b] * rule.size()));
            bandRules[b] = n >= rule.size() ? rule : new GaussHermiteRule(n);
        }
        GaussLegendreRule gl = new GaussLegendreRule(order);
        glNodes = new double[order];
        glWeights = new double[order];
        for (int i = 0; i < order; i++) {
            glNodes[i] = gl.node(i);
            glWeights[i] = gl.weight(i);
        }
        int tail = FastMath.min(order, TAIL_ORDER);
        symmetrise(glNodes);
        GaussLegendreRule tl = new GaussLegendreRule(tail);
        tailNodes = new double[tail];
        tailWeights = new double[tail];
        for (int i = 0; i < tail; i++) {
            tailNodes[i] = tl.node(i);
            tailWeights[i] = tl.weight(i);
        }
        symmetrise(tailNodes);
    }

    /**
     * Makes ascending Gauss-Legendre nodes exactly antisymmetric ({@code x_{n-1-i} = -x_i}, as
     * {@link #exponentials} assumes) by averaging each pair; they differ by rounding at most.
     */
    private static void symmetrise(double[] x) {
        int n = x.length;
        for (int i = 0; i < n / 2; i++) {
            if (!(Math.abs(x[i] + x[n - 1 - i]) <= 1e-14)) {
                throw new IllegalStateException("Gauss-Legendre nodes not symmetric: " + Arrays.toString(x));
            }
            double m = 0.5 * (x[n - 1 - i] - x[i]);
            x[i] = -m;
            x[n - 1 - i] = m;
        }
        if (n % 2 == 1) {
            x[n / 2] = 0;
        }
    }

    /** The Gauss-Hermite rule for a cavity field of width {@code sd <= HERMITE_MAX_SD} ({@link #SD_BANDS}). */
    GaussHermiteRule ruleFor(double sd) {
        for (int b = 0; b < SD_BANDS.length; b++) {
            if (sd <= SD_BANDS[b]) {
                return bandRules[b];
            }
        }
        return rule;
    }

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        average(y, mu, sd, tau, out, null);
    }

    /**
     * {@inheritDoc} The hint holds the atom's last images of {@code z = 0, +-2, ..., +-8} (the composite
     * rule's panel ends): they start the loose Newton steps of {@link #knots}, which then usually stop at once.
     */
    @Override
    public void average(double y, double mu, double sd, double tau, double[] out, double[] hint) {
        boolean withLoss = out.length > EQUATIONS;
        double a0 = y * mu;
        Scratch sc = scratch.get();
        double[] acc = sc.acc;
        Arrays.fill(acc, 0);
        if (!(sd > HERMITE_MAX_SD)) {
            // the nodes ascend: each prox starts from the tangent of the previous one (same root);
            // prev = {a', u', du/da at a'}
            double[] prev = sc.prev;
            Arrays.fill(prev, 0);
            GaussHermiteRule gh = ruleFor(sd);
            for (int i = 0; i < gh.size(); i++) {
                accumulate(a0 + sd * gh.node(i), tau, gh.weight(i), withLoss, acc, i > 0, prev);
            }
        } else {
            composite(a0, sd, tau, withLoss, acc, hint, sc);
        }
        out[0] = y * acc[0];
        out[1] = acc[1];
        out[2] = acc[2];
        if (withLoss) {
            out[3] = acc[3];
        }
    }

    /**
     * The averages in the margin variable by the composite rule, for any {@code sd > 0} (the rule of
     * the wide cavity fields):
     * {@code acc = [E sigma(-u), E sigma(-u)^2, E(1 - dh), E log(1 + e^{-u})]} for {@code u_c ~ N(a0, sd^2)};
     * {@code hint} (or {@code null}) as in {@link #knots(double, double, double, double[], double[])}.
     */
    private void composite(double a0, double sd, double tau, boolean withLoss, double[] acc, double[] hint,
                           Scratch sc) {
        double invSd = 1 / sd;
        double[] ex = sc.ex;
        double[] tails = sc.tails;
        double[] knots = sc.knots;
        int nk = knots(a0, sd, tau, tails, hint, knots);
        for (int p = 0; p + 1 < nk; p++) {
            double lo = knots[p];
            double half = 0.5 * (knots[p + 1] - lo);
            if (!(half > 0)) {
                continue;
            }
            double mid = lo + half;
            boolean t = knots[p + 1] <= tails[0] || lo >= tails[1];
            double[] xs = t ? tailNodes : glNodes;
            double[] ws = t ? tailWeights : glWeights;
            double scale = half * invSd;
            exponentials(mid, half, xs, ex);
            for (int i = 0; i < xs.length; i++) {
                double u = mid + half * xs[i];
                // one exponential per node (fewer, exponentials) for sigma(-u), sigma(u) sigma(-u) and the loss
                double e = ex[i];
                double r = 1 / (1 + e);
                double sm = u >= 0 ? e * r : r;
                double curv = tau * e * r * r;
                double z = (u - tau * sm - a0) * invSd;
                // base (1 + curv) is the weight in u; the third average's integrand is curv/(1 + curv)
                double base = scale * ws[i] * Gaussian.pdf(z);
                double w = base * (1 + curv);
                acc[0] += w * sm;
                acc[1] += w * sm * sm;
                acc[2] += base * curv;
                if (withLoss) {
                    acc[3] += w * lossAt(u, e);
                }
            }
        }
    }

    /**
     * The three averages of the equations ({@link #average} without the loss) and their derivatives
     * with respect to {@code (mu, sd, tau)}, by the same rule and nodes: with {@code u = prox(u_c)},
     * {@code du/du_c = D = 1/(1 + tau sigma(u) sigma(-u))} and {@code du/dtau = sigma(-u) D}, so
     * {@code d/da0 E f = E[f'(u) D]}, {@code d/dsd E f = E[f'(u) D z]} and
     * {@code d/dtau E f = E[f'(u) sigma(-u) D + df/dtau]} ({@code u_c = a0 + sd z}, {@code a0 = y mu}).
     *
     * @param out the averages {@code [E g, E g^2, E(1 - dh)]}, and the loss {@code E l} if {@code out} has a
     *            fourth element (the same nodes: an observed Jacobian evaluation gets its observables with it)
     * @param d   {@code d[3 i + p]}: derivative of {@code out[i]} with respect to the {@code p}-th of
     *            {@code (mu, sd, tau)}; with twelve elements also the loss's, {@code i = 3}
     *            ({@code l = log(1 + e^{-u})}, {@code l' = -sigma(-u)}, no explicit {@code tau}), whether or not
     *            {@code out} asks for the loss itself (its derivatives need no logarithm)
     */
    void averageWithDerivatives(double y, double mu, double sd, double tau, double[] out, double[] d) {
        averageWithDerivatives(y, mu, sd, tau, out, d, null);
    }

    /** {@link #averageWithDerivatives(double, double, double, double, double[], double[])} with the atom's hint. */
    void averageWithDerivatives(double y, double mu, double sd, double tau, double[] out, double[] d,
                                double[] hint) {
        double a0 = y * mu;
        boolean withLoss = out.length > EQUATIONS;
        double loss = 0;
        Scratch sc = scratch.get();
        double[] acc = sc.accWithDerivatives;
        Arrays.fill(acc, 0);
        if (!(sd > HERMITE_MAX_SD)) {
            // the nodes ascend: each prox starts from the tangent of the previous one (same root)
            double prevA = 0;
            double prevU = 0;
            double prevD = 0;
            GaussHermiteRule gh = ruleFor(sd);
            for (int i = 0; i < gh.size(); i++) {
                double z = gh.node(i);
                double a = a0 + sd * z;
                double u = i == 0 ? LogisticLoss.proxMargin(a, tau)
                        : LogisticLoss.proxMargin(a, tau, prevU + (a - prevA) * prevD);
                double e = Math.exp(-Math.abs(u));
                double r = 1 / (1 + e);
                prevD = node(u >= 0 ? e * r : r, e * r * r, tau, z, gh.weight(i), acc);
                if (withLoss) {
                    loss += gh.weight(i) * lossAt(u, e);
                }
                prevA = a;
                prevU = u;
            }
        } else {
            double invSd = 1 / sd;
            double[] ex = sc.ex;
            double[] tails = sc.tails;
            double[] knots = sc.knots;
            int nk = knots(a0, sd, tau, tails, hint, knots);
            for (int p = 0; p + 1 < nk; p++) {
                double lo = knots[p];
                double half = 0.5 * (knots[p + 1] - lo);
                if (!(half > 0)) {
                    continue;
                }
                double mid = lo + half;
                boolean t = knots[p + 1] <= tails[0] || lo >= tails[1];
                double[] xs = t ? tailNodes : glNodes;
                double[] ws = t ? tailWeights : glWeights;
                double scale = half * invSd;
                exponentials(mid, half, xs, ex);
                for (int i = 0; i < xs.length; i++) {
                    double u = mid + half * xs[i];
                    double e = ex[i];
                    double r = 1 / (1 + e);
                    double sm = u >= 0 ? e * r : r;
                    double s1 = e * r * r;
                    double z = (u - tau * sm - a0) * invSd;
                    double w = scale * ws[i] * Gaussian.pdf(z) * (1 + tau * s1);
                    node(sm, s1, tau, z, w, acc);
                    if (withLoss) {
                        loss += w * lossAt(u, e);
                    }
                }
            }
        }
        // acc: [A_i] then per output i: [dA_i/da0, dA_i/dsd, dA_i/dtau] in the margin variable
        out[0] = y * acc[0];
        out[1] = acc[1];
        out[2] = acc[2];
        if (withLoss) {
            out[3] = loss;
        }
        for (int i = 0; i < 3; i++) {
            double sign = i == 0 ? y : 1;
            d[3 * i] = sign * y * acc[3 + 3 * i];
            d[3 * i + 1] = sign * acc[4 + 3 * i];
            d[3 * i + 2] = sign * acc[5 + 3 * i];
        }
        if (d.length >= 12) {
            d[9] = y * acc[12];
            d[10] = acc[13];
            d[11] = acc[14];
        }
    }

    /**
     * The loss {@code log(1 + e^{-u}) = max(-u, 0) + log(1 + e^{-|u|})} at a node whose {@code e = exp(-|u|)} is
     * known (to an absolute 1e-16).
     */
    private static double lossAt(double u, double e) {
        return Math.max(-u, 0) + Math.log(1 + e);
    }

    /**
     * {@code ex[i] = exp(-|u_i|)} at a panel's nodes {@code u_i = mid + half x_i} (symmetric Gauss-Legendre
     * nodes, {@code x_{n-1-i} = -x_i}): on a panel that does not straddle {@code u = 0},
     * {@code exp(-|u_i|) = exp(-|mid|) exp(-+half x_i)} and the mirrored node takes the reciprocal of the same
     * factor, so the panel costs {@code 1 + n/2} exponentials instead of {@code n} (within a few ulps).
     */
    private static void exponentials(double mid, double half, double[] xs, double[] ex) {
        int n = xs.length;
        if ((mid - half >= 0 || mid + half <= 0) && half < 300 && Math.abs(mid) < 700) {
            double s = mid >= 0 ? -1 : 1;
            double a = Math.exp(s * mid);
            for (int i = 0; i < n / 2; i++) {
                double b = Math.exp(s * half * xs[i]);
                ex[i] = a * b;
                ex[n - 1 - i] = a / b;
            }
            if (n % 2 == 1) {
                ex[n / 2] = a;
            }
        } else {
            for (int i = 0; i < n; i++) {
                ex[i] = Math.exp(-Math.abs(mid + half * xs[i]));
            }
        }
    }

    /**
     * One node of {@link #averageWithDerivatives}: the averages and their derivatives in the margin variable,
     * at a node with {@code sm = sigma(-u)} and {@code s1 = sigma(u) sigma(-u)}.
     */
    private static double node(double sm, double s1, double tau, double z, double w, double[] acc) {
        double curv = tau * s1;
        double dd = 1 / (1 + curv);
        // f' (d/du) of sigma(-u), sigma(-u)^2 and curv/(1 + curv) = 1 - D
        double f0 = -s1;
        double f1 = -2 * sm * s1;
        double f2 = -curv * (1 - 2 * sm) * dd * dd;
        acc[0] += w * sm;
        acc[1] += w * sm * sm;
        acc[2] += w * curv * dd;
        double wd = w * dd;
        double wdz = wd * z;
        double wds = wd * sm;
        acc[3] += wd * f0;
        acc[4] += wdz * f0;
        acc[5] += wds * f0;
        acc[6] += wd * f1;
        acc[7] += wdz * f1;
        acc[8] += wds * f1;
        acc[9] += wd * f2;
        acc[10] += wdz * f2;
        acc[11] += wds * f2 + w * s1 * dd * dd;
        // the loss log(1 + e^{-u}): f' = -sigma(-u)
        acc[12] -= wds;
        acc[13] -= wds * z;
        acc[14] -= wds * sm;
        return dd;
    }

    /** {@code P(y h < 0) = P(u_c < -tau/2)}: the prox maps {@code u_c = -tau sigma(0)} to {@code u = 0}. */
    @Override
    public double trainError(double y, double mu, double sd, double tau) {
        return SquareProxAverages.tail(-0.5 * tau - y * mu, sd);
    }

    /**
     * One node of {@link #average}; {@code prev} holds {@code (a', u', du/da')} of the previous node
     * (used if {@code warm}), then of this one.
     */
    private static void accumulate(double uc, double tau, double w, boolean withLoss, double[] acc, boolean warm,
                                   double[] prev) {
        double u = warm ? LogisticLoss.proxMargin(uc, tau, prev[1] + (uc - prev[0]) * prev[2])
                : LogisticLoss.proxMargin(uc, tau);
        double sm = LogisticLoss.sigmoid(-u);
        double curv = tau * sm * (1 - sm);
        prev[0] = uc;
        prev[1] = u;
        prev[2] = 1 / (1 + curv);
        acc[0] += w * sm;
        acc[1] += w * sm * sm;
        acc[2] += w * curv / (1 + curv);
        if (withLoss) {
            acc[3] += w * softplus(-u);
        }
    }

    /**
     * {@code log(1 + e^t)} as {@link LogisticLoss#softplus}, with {@code log1p(x)} for {@code x = e^{-|t|}}
     * in {@code (0, 1]} computed as {@code log(1 + x) x/((1 + x) - 1)} (Goldberg: within a few ulps, and
     * {@link Math#log} is an intrinsic while {@link Math#log1p} is not; the loss is averaged at every node).
     */
    static double softplus(double t) {
        double x = Math.exp(-Math.abs(t));
        double u = 1 + x;
        double l = u == 1 ? x : Math.log(u) * x / (u - 1);
        return t > 0 ? t + l : l;
    }

    /**
     * Sorted panel ends in the prox output {@code u} (the composite rule integrates over {@code u},
     * whose cavity margin {@code u_c = u - tau sigma(-u)} is explicit, so no prox is solved at its
     * nodes): the images of {@code z = 0, +-2, ..., +-Z_MAX}, then where the integrand's scale in {@code u}
     * is one, {@code u = +-(ln tau + j)} (the curvature term {@code tau sigma(u) sigma(-u)} crosses one) and
     * {@link #U_KNOTS}, each inserted only into a panel wider than {@link #MIN_SPLIT} in {@code u} and at least
     * a quarter of that from its ends: where the Gaussian is narrow in {@code u} its own panels already
     * resolve these scales (about 30% fewer nodes at the same accuracy). Writes the images of
     * {@code z = +-Z_TAIL} into {@code tails}.
     */
    static double[] knots(double a0, double sd, double tau, double[] tails) {
        return knots(a0, sd, tau, tails, null);
    }

    /**
     * {@link #knots(double, double, double, double[])}, the images of {@code z} started from {@code hint}
     * (the same atom's images at its previous evaluation, when finite) instead of from their neighbours, and
     * written back into it.
     */
    static double[] knots(double a0, double sd, double tau, double[] tails, double[] hint) {
        double[] k = new double[KNOT_CAPACITY];
        return Arrays.copyOf(k, knots(a0, sd, tau, tails, hint, k));
    }

    /**
     * {@link #knots(double, double, double, double[], double[])} written into {@code k} (at least
     * {@link #KNOT_CAPACITY} long, no array allocated).
     *
     * @return the number of panel ends
     */
    private static int knots(double a0, double sd, double tau, double[] tails, double[] hint, double[] k) {
        int nz = (int) FastMath.round(Z_MAX / Z_STEP);
        int nt = (int) FastMath.round(Z_TAIL / Z_STEP);
        int n = 2 * nz + 1;
        // a panel end need not be the exact image of its z: the rule integrates over u exactly as written
        // whatever its ends, which only have to split the Gaussian into pieces of about two standard
        // deviations; a prox good to sd/100 in u_c (0.01 in z) costs about a third of a converged one
        double tol = 0.01 * sd;
        boolean hinted = hint != null && hint.length == n && !Double.isNaN(hint[nz]);
        k[nz] = LogisticLoss.proxMargin(a0, tau, hinted ? hint[nz] : Double.NaN, tol);
        for (int dir = -1; dir <= 1; dir += 2) {
            double u = k[nz];
            for (int j = 1; j <= nz; j++) {
                int at = nz + dir * j;
                u = LogisticLoss.proxMargin(a0 + dir * j * Z_STEP * sd, tau, hinted ? hint[at] : u, tol);
                k[at] = u;
            }
        }
        if (hint != null && hint.length == n) {
            System.arraycopy(k, 0, hint, 0, n);
        }
        tails[0] = k[nz - nt];
        tails[1] = k[nz + nt];
        double lt = Math.log(tau);
        if (lt > 1) {
            for (double j : CURVATURE_KNOTS) {
                n = split(k, n, lt + j);
                n = split(k, n, -lt - j);
            }
        }
        for (double u : U_KNOTS) {
            n = split(k, n, u);
        }
        return n;
    }

    /**
     * Inserts {@code u} into the sorted {@code k[0..n)} if it falls in a panel wider than {@link #MIN_SPLIT},
     * at least {@code MIN_SPLIT/4} from both ends; returns the new size.
     */
    private static int split(double[] k, int n, double u) {
        if (!(u > k[0] && u < k[n - 1])) {
            return n;
        }
        int i = 1;
        while (k[i] <= u) {
            i++;
        }
        double lo = k[i - 1];
        double hi = k[i];
        if (!(hi - lo > MIN_SPLIT && u - lo > 0.25 * MIN_SPLIT && hi - u > 0.25 * MIN_SPLIT)) {
            return n;
        }
        System.arraycopy(k, i, k, i + 1, n - i);
        k[i] = u;
        return n + 1;
    }
}
