package org.sparseattention.simulation.erm;

import org.sparseattention.simulation.SimulationException;

/**
 * Finite-d separability test (docs/theory.md section 7): the data set is linearly separable iff
 * the unregularised squared-hinge ERM {@code F(w, b) = sum_i (1 - y_i (a_i w + b))_+^2} reaches
 * zero. Minimised by L-BFGS from zero, stopped as soon as one of two certificates holds:
 * <ul>
 * <li><b>separable</b>: every margin {@code y_i (a_i w + b)}, recomputed exactly, is positive
 * (then a multiple of {@code (w, b)} has zero loss);</li>
 * <li><b>not separable</b>: weak duality. With {@code alpha_i = (1 - m_i)_+} at the current
 * point, {@code (1 - m)_+^2 >= 2 alpha (1 - m) - alpha^2} for every {@code m} gives
 * {@code F(x) >= D - 2 r.x} for all {@code x = (w, b)}, where
 * {@code D = sum_i (2 alpha_i - alpha_i^2)} and {@code r = sum_i alpha_i y_i (a_i, 1) = -grad F / 2}.
 * A separating {@code x} with all margins {@code >= 1} therefore has {@code ||x|| >= D / ||grad F||},
 * i.e. the largest margin of any separating hyperplane, normalised by {@code ||(w, b)||}, is at most
 * {@code ||grad F|| / D}. The set is declared not separable once this bound is below
 * {@link #MARGIN_RESOLUTION} times the data radius {@code rho = max_i ||(a_i, 1)||}: separability
 * with a smaller margin is below the resolution of the check (the design itself is stored with
 * relative rounding 6e-8).</li>
 * </ul>
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
     * @param separable   verdict
     * @param loss        squared-hinge loss reached
     * @param gradNorm    gradient norm there
     * @param iterations  L-BFGS iterations
     * @param certificate how the verdict was reached
     */
    public record Outcome(boolean separable, double loss, double gradNorm, int iterations, String certificate) {
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
    private static final String NOT_SEPARABLE = "not separable: dual bound on the margin";

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
        MarginLbfgs.Monitor monitor = (x, z, f, g, gn) -> {
            double mm = Double.POSITIVE_INFINITY;
            double dual = 0;
            for (int i = 0; i < n; i++) {
                double m = y[i] * z[i];
                mm = Math.min(mm, m);
                if (m < 1) {
                    double a = 1 - m;
                    dual += 2 * a - a * a;
                }
            }
            if (mm > 0 || gn <= MARGIN_RESOLUTION * rho * dual) {
                // verify on exactly recomputed margins (z is updated incrementally)
                A.multiply(x, x[p], zz);
                double emm = Double.POSITIVE_INFINITY;
                double edual = 0, egb = 0;
                for (int i = 0; i < n; i++) {
                    double m = y[i] * zz[i];
                    emm = Math.min(emm, m);
                    double a = m < 1 ? 1 - m : 0.0;
                    edual += 2 * a - a * a;
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
                // ||grad F|| = 2 ||r||
                if (edual > 0 && 2 * Math.sqrt(rn) <= MARGIN_RESOLUTION * rho * edual) {
                    return java.util.Optional.of(NOT_SEPARABLE);
                }
            }
            return java.util.Optional.<String>empty();
        };
        MarginLbfgs.Result res = MarginLbfgs.minimize(A, y, LOSS, 0.0, gtol, target, MAX_ITER, null, 0.0, monitor);
        if (res.converged() && res.message().equals(SEPARABLE)) {
            return new Outcome(true, res.value(), res.gradNorm(), res.iterations(), SEPARABLE);
        }
        if (res.converged() && res.message().equals(NOT_SEPARABLE)) {
            return new Outcome(false, res.value(), res.gradNorm(), res.iterations(), NOT_SEPARABLE
                    + " (every separating hyperplane has margin <= " + MARGIN_RESOLUTION + " x data radius)");
        }
        if (res.value() <= target) {
            return new Outcome(true, res.value(), res.gradNorm(), res.iterations(), "separable: loss <= " + target);
        }
        boolean stalledAtPositiveLoss = res.gradNorm() <= STALL_GRAD_TOL * gtol / GRAD_TOL
                && res.value() > 1e-6 * f0;
        if (!res.converged() && !stalledAtPositiveLoss) {
            throw new SimulationException("separability test did not reach a verdict: " + res.message()
                    + ", squared-hinge loss " + res.value() + " after " + res.iterations() + " iterations");
        }
        return new Outcome(false, res.value(), res.gradNorm(), res.iterations(),
                "not separable: stationary point with positive loss");
    }
}
