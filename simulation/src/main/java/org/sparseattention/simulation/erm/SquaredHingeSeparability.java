package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.SimulationException;

/**
 * Finite-d separability test (docs/theory.md section 7): the data set is linearly separable iff
 * the unregularised squared-hinge ERM {@code F(w, b) = sum_i (1 - y_i (a_i w + b))_+^2} reaches
 * zero. Minimised by L-BFGS from zero, stopped as soon as one of two certificates holds:
 * <ul>
 * <li><b>separable</b>: every margin {@code y_i (a_i w + b)}, recomputed exactly, is positive
 * (then a multiple of {@code (w, b)} has zero loss);</li>
 * <li><b>not separable</b>: a Farkas-type bound. For any weights {@code alpha_i >= 0} (here
 * {@code alpha_i = (1 - m_i)_+} at the current point) and any {@code x = (w, b)} with every margin
 * {@code y_i (a_i, 1).x >= gamma ||x||}, {@code gamma sum_i alpha_i <= r.x / ||x|| <= ||r||} with
 * {@code r = sum_i alpha_i y_i (a_i, 1) = -grad F / 2}: the largest margin of any separating
 * hyperplane, normalised by {@code ||(w, b)||}, is at most {@code ||r|| / sum_i alpha_i}. (It is
 * at least as sharp as the weak-duality bound {@code ||grad F|| / D},
 * {@code D = sum_i (2 alpha_i - alpha_i^2) <= 2 sum_i alpha_i}.) The set is declared not separable
 * once this bound is below {@link #MARGIN_RESOLUTION} times the data radius
 * {@code rho = max_i ||(a_i, 1)||}: separability with a smaller margin is below the resolution of
 * the check (the design itself is stored with relative rounding 6e-8).</li>
 * </ul>
 * Both certificates are evaluated on margins recomputed exactly from the stored design; the
 * {@link Outcome} carries the point {@code (w, b)} they were evaluated at, so a caller can check
 * them independently.
 * Fallbacks: loss below {@code 1e-10 n} (every margin then exceeds {@code 1 - 1e-5 sqrt(n) > 0})
 * is separable; a vanishing gradient (relative {@code 1e-8}) with the loss above that level is not.
 */
public final class SquaredHingeSeparability {
    /** Relative loss level below which the set is declared separable. */
    public static final double LOSS_TOL = 1e-10;
    /** Relative gradient tolerance for declaring a positive minimum. */
    public static final double GRAD_TOL = 1e-8;
    /**
     * Resolution of the non-separability certificate: declared not separable when every
     * separating hyperplane would have normalised margin below this times the data radius.
     */
    public static final double MARGIN_RESOLUTION = 1e-6;
    /**
     * A stalled minimisation (line search at the rounding level) still gives the verdict "not
     * separable" if the relative gradient is below this and the loss above
     * {@code 1e-6 n}: by convexity the minimum is then bounded away from zero for any
     * minimiser within distance {@code 1e-6 n / ||grad||} (astronomically far).
     */
    public static final double STALL_GRAD_TOL = 1e-6;
    /** L-BFGS iteration cap. */
    public static final int MAX_ITER = 50000;
    /**
     * L-BFGS memory of the squared-hinge solve: its long, ill-conditioned runs near the threshold take
     * about 20% fewer iterations with 30 correction pairs than with the default 10 (the same verdicts on
     * every data set of a small validate).
     */
    static final int MEMORY = 30;

    /**
     * @param separable   verdict
     * @param loss        squared-hinge loss reached
     * @param gradNorm    gradient norm there
     * @param iterations  L-BFGS iterations
     * @param certificate how the verdict was reached
     * @param w           weights of the point {@code (w, b)} the verdict was reached at
     * @param b           bias there
     * @param marginBound for the dual certificate: the bound {@code ||r|| / sum alpha} on the normalised
     *                    margin of any separating hyperplane (at most {@code MARGIN_RESOLUTION rho}); NaN otherwise
     */
    public record Outcome(boolean separable, double loss, double gradNorm, int iterations, String certificate,
                          double[] w, double b, double marginBound) {
        /** Validates the fields. */
        public Outcome {
            java.util.Objects.requireNonNull(certificate, "certificate");
            java.util.Objects.requireNonNull(w, "w");
        }
    }

    private static final MarginLbfgs.MarginLoss LOSS = new MarginLbfgs.MarginLoss() {
        @Override
        public double value(double y, double z) {
            double m = 1 - y * z;
            return m > 0 ? m * m : 0.0;
        }

        @Override
        public double derivative(double y, double z) {
            double m = 1 - y * z;
            return m > 0 ? -2 * y * m : 0.0;
        }
    };

    private static final String SEPARABLE = "separable: every margin positive";
    private static final String NOT_SEPARABLE = "not separable: Farkas bound on the margin";

    private SquaredHingeSeparability() {
    }

    /**
     * Tests linear separability (with bias) of rows of {@code A} with labels {@code y}.
     *
     * @throws SimulationException if the minimisation stalls before a verdict
     */
    public static Outcome test(FeatureMatrix A, double[] y) {
        int n = A.rows(), p = A.cols();
        double[] r = new double[n];
        double gb = 0;
        for (int i = 0; i < n; i++) {
            r[i] = -2 * y[i];
            gb += r[i];
        }
        double[] g0 = new double[p];
        A.transposeMultiply(r, g0);
        double ss = gb * gb;
        for (double v : g0) {
            ss += v * v;
        }
        double f0 = n;
        double target = LOSS_TOL * f0;
        double gtol = GRAD_TOL * Math.max(1.0, Math.sqrt(ss));
        double rho2 = 0;
        for (double v : A.rowNormsSquared()) {
            rho2 = Math.max(rho2, v);
        }
        final double rho = Math.sqrt(rho2 + 1);
        final double[] zz = new double[n];
        final double[] rr = new double[n];
        final double[] gg = new double[p];
        final double[] bound = {Double.NaN};
        MarginLbfgs.Monitor monitor = (x, z, f, g, gn) -> {
            double mm = Double.POSITIVE_INFINITY;
            double mass = 0;
            for (int i = 0; i < n; i++) {
                double m = y[i] * z[i];
                mm = Math.min(mm, m);
                if (m < 1) {
                    mass += 1 - m;
                }
            }
            // ||r|| = ||grad F|| / 2
            if (mm > 0 || gn <= 2 * MARGIN_RESOLUTION * rho * mass) {
                // verify on exactly recomputed margins (z is updated incrementally)
                A.multiply(x, x[p], zz);
                double emm = Double.POSITIVE_INFINITY;
                double emass = 0, egb = 0;
                for (int i = 0; i < n; i++) {
                    double m = y[i] * zz[i];
                    emm = Math.min(emm, m);
                    double a = m < 1 ? 1 - m : 0.0;
                    emass += a;
                    rr[i] = a * y[i];
                    egb += rr[i];
                }
                if (emm > 0) {
                    return java.util.Optional.of(SEPARABLE);
                }
                A.transposeMultiply(rr, gg);
                double rn = egb * egb;
                for (double v : gg) {
                    rn += v * v;
                }
                double marginBound = Math.sqrt(rn) / emass;
                if (emass > 0 && marginBound <= MARGIN_RESOLUTION * rho) {
                    bound[0] = marginBound;
                    return java.util.Optional.of(NOT_SEPARABLE);
                }
            }
            return java.util.Optional.<String>empty();
        };
        MarginLbfgs.Result res = MarginLbfgs.minimize(A, y, LOSS, 0.0, gtol, target, MAX_ITER, null, 0.0, monitor,
                MEMORY);
        if (res.converged() && res.message().equals(SEPARABLE)) {
            return new Outcome(true, res.value(), res.gradNorm(), res.iterations(), SEPARABLE, res.w(), res.b(),
                    Double.NaN);
        }
        if (res.converged() && res.message().equals(NOT_SEPARABLE)) {
            return new Outcome(false, res.value(), res.gradNorm(), res.iterations(), NOT_SEPARABLE
                    + " (every separating hyperplane has margin <= " + MARGIN_RESOLUTION + " x data radius)",
                    res.w(), res.b(), bound[0]);
        }
        if (res.value() <= target) {
            return new Outcome(true, res.value(), res.gradNorm(), res.iterations(), "separable: loss <= " + target,
                    res.w(), res.b(), Double.NaN);
        }
        boolean stalledAtPositiveLoss = res.gradNorm() <= STALL_GRAD_TOL * gtol / GRAD_TOL
                && res.value() > 1e-6 * f0;
        if (!res.converged() && !stalledAtPositiveLoss) {
            throw new SimulationException("separability test did not reach a verdict: " + res.message()
                    + ", squared-hinge loss " + res.value() + " after " + res.iterations() + " iterations");
        }
        return new Outcome(false, res.value(), res.gradNorm(), res.iterations(),
                "not separable: stationary point with positive loss", res.w(), res.b(), Double.NaN);
    }
}
