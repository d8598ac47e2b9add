package org.sparseattention.theory.capacity;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.QRDecomposition;
import org.hipparchus.util.FastMath;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.law.Mixture;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.Norms;

/**
 * Gardner capacity {@code alpha* = gamma / min_{m,b} E[psi(-y(<m, omega> + b)/sqrt(rho))]}
 * (docs/theory.md section 7). The Gaussian part of {@code omega} is folded in with the {@code z} of
 * {@code psi}: with {@code k0 = -y(<m, mean> + b)/sqrt(rho)} and {@code c = 1 + sum m_j^2 noise_j/rho},
 * an atom contributes {@code c psi(k0/sqrt c)} (for attention {@code c = 1 + m_p^2}, the summand
 * written in section 7). The objective is convex; it is minimised by Newton's method with the
 * analytic gradient and Hessian and Armijo backtracking (a small kernel: at most three unknowns).
 */
public final class CapacitySolver {

    /**
     * The minimiser.
     *
     * @param x            {@code (m_1..m_k, b)}
     * @param minimum      {@code min E[psi]}
     * @param gradientNorm gradient norm at {@code x}
     * @param iterations   Newton iterations
     */
    public record Minimum(double[] x, double minimum, double gradientNorm, int iterations) {
        /**
         * Whether the infimum is approached only as {@code |x| -> infinity}: the atoms of the realisation
         * are then separable along the law's directions, and {@code alpha*} exceeds what the realisation
         * resolves (for quasi-Monte Carlo laws, it is large but finite in the population).
         */
        public boolean unbounded() {
            double n = 0;
            for (double v : x) {
                n = FastMath.max(n, FastMath.abs(v));
            }
            return n > DIVERGED || minimum < TINY;
        }
    }

    /** A minimiser beyond this norm is taken to diverge. */
    static final double DIVERGED = 1e4;

    /** An objective below this ({@code alpha* > 1e6 gamma}) is taken as the infimum 0 at infinity. */
    static final double TINY = 1e-6;

    /** A gradient within this factor of the tolerance is accepted once the Newton decrement is at rounding level. */
    private static final double PRECISION_FLOOR = 1e3;
    /**
     * A Newton decrement below this fraction of {@code f} is rounding: {@code f} sums up to tens of thousands of
     * atoms, whose rounding is of order {@code 1e-14 f} to {@code 1e-12 f}. At {@code 1e-15} a cell of the 30 x 30
     * attention grid (theta = 1.38, L = 42) once crawled through 100 line-searched Newton steps on that noise, its
     * gradient stuck at 1.1e-7, and failed the whole grid; {@code f} itself is then known to this fraction.
     */
    private static final double DECREMENT_FLOOR = 1e-13;

    private final double tolerance;
    private final int maxIterations;

    /**
     * @param tolerance     gradient-norm tolerance
     * @param maxIterations Newton iteration budget
     */
    public CapacitySolver(double tolerance, int maxIterations) {
        this.tolerance = tolerance;
        this.maxIterations = maxIterations;
    }

    /**
     * {@code alpha* = gamma / min E[psi]} on one realisation; {@code +Infinity} when the realisation's
     * atoms are separable along the law's directions ({@link Minimum#unbounded()}).
     */
    public double alphaStar(Mixture mix, double gamma) {
        Minimum min = minimize(mix);
        return min.unbounded() ? Double.POSITIVE_INFINITY : gamma / min.minimum();
    }

    /**
     * Minimises the convex Gardner objective.
     *
     * @throws TheoryException if Newton's method does not reach the gradient tolerance
     */
    public Minimum minimize(Mixture mix) {
        return minimize(mix, new double[mix.dimension() + 1]);
    }

    /**
     * Minimises the convex Gardner objective from the starting point {@code x0 = (m, b)}.
     *
     * @throws TheoryException if Newton's method does not reach the gradient tolerance
     */
    public Minimum minimize(Mixture mix, double[] x0) {
        int k = mix.dimension();
        int n = k + 1;
        if (x0.length != n) {
            throw new IllegalArgumentException("starting point has " + x0.length + " entries, expected " + n);
        }
        double[] x = x0.clone();
        double[] grad = new double[n];
        double[][] hess = new double[n][n];
        double f = evaluate(mix, x, grad, hess);
        int it = 0;
        boolean atFloor = false;
        double gn = Norms.euclidean(grad);
        while (gn > tolerance * FastMath.max(1, f) && it < maxIterations && Norms.max(x) <= DIVERGED && f >= TINY) {
            it++;
            double[] dx = newtonDirection(hess, grad);
            double slope = 0;
            for (int i = 0; i < n; i++) {
                slope += grad[i] * dx[i];
            }
            if (!(slope < 0)) {
                for (int i = 0; i < n; i++) {
                    dx[i] = -grad[i];
                }
                slope = -gn * gn;
            } else if (-slope < DECREMENT_FLOOR * f) {
                atFloor = true;
                break; // Newton decrement at the rounding floor of f: converged
            }
            double t = 1;
            double[] xn = new double[n];
            double fn = Double.NaN;
            boolean ok = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    xn[i] = x[i] + t * dx[i];
                }
                fn = evaluate(mix, xn, null, null);
                if (fn <= f + 1e-4 * t * slope) {
                    ok = true;
                    break;
                }
                t *= 0.5;
            }
            if (!ok) {
                // no decrease along a descent direction whose predicted decrease is tiny: f is at its rounding floor
                atFloor = -slope < 1e-8 * f;
                break;
            }
            x = xn;
            f = evaluate(mix, x, grad, hess);
            gn = Norms.euclidean(grad);
        }
        Minimum result = new Minimum(x, f, gn, it);
        if (result.unbounded()) {
            return result;
        }
        if ((!atFloor && gn > PRECISION_FLOOR * tolerance * FastMath.max(1, f)) || !(f > 0)) {
            throw new TheoryException("capacity: Newton stopped after " + it + " iterations with gradient norm " + gn
                    + " at objective " + f);
        }
        return result;
    }


    /**
     * Objective {@code sum_a w_a c_a psi(k0_a / sqrt(c_a))} with, when {@code grad != null}, its
     * gradient and Hessian. With {@code kk = k0/sqrt(c)}: {@code f_k0 = sqrt(c) psi'(kk)},
     * {@code f_c = psi(kk) - kk psi'(kk)/2}, {@code f_k0k0 = 2 Phi(kk)},
     * {@code f_k0c = phi(kk)/sqrt(c)}, {@code f_cc = -kk phi(kk)/(2c)}.
     */
    public double evaluate(Mixture mix, double[] x, double[] grad, double[][] hess) {
        int k = mix.dimension();
        int n = k + 1;
        if (grad != null) {
            java.util.Arrays.fill(grad, 0);
            for (double[] row : hess) {
                java.util.Arrays.fill(row, 0);
            }
        }
        double[] m = java.util.Arrays.copyOf(x, k);
        double b = x[k];
        double[] dk = new double[n];
        double[] dc = new double[n];
        double f = 0;
        for (int a = 0; a < mix.size(); a++) {
            double y = mix.label(a);
            double sr = FastMath.sqrt(mix.rho(a));
            double k0 = -y * (mix.meanField(a, m) + b) / sr;
            double c = 1 + mix.noiseField(a, m) / mix.rho(a);
            double sc = FastMath.sqrt(c);
            double kk = k0 / sc;
            double cdf = Gaussian.cdf(kk);
            double pdf = Gaussian.pdf(kk);
            double psi = (1 + kk * kk) * cdf + kk * pdf;
            double w = mix.weight(a);
            f += w * c * psi;
            if (grad == null) {
                continue;
            }
            double psiP = 2 * (kk * cdf + pdf);
            double fk = sc * psiP;
            double fc = psi - 0.5 * kk * psiP;
            double fkk = 2 * cdf;
            double fkc = pdf / sc;
            double fcc = -kk * pdf / (2 * c);
            for (int j = 0; j < k; j++) {
                dk[j] = -y * mix.mean(a, j) / sr;
                dc[j] = 2 * m[j] * mix.noise(a, j) / mix.rho(a);
            }
            dk[k] = -y / sr;
            dc[k] = 0;
            for (int i = 0; i < n; i++) {
                grad[i] += w * (fk * dk[i] + fc * dc[i]);
                for (int j = 0; j < n; j++) {
                    hess[i][j] += w * (fkk * dk[i] * dk[j] + fkc * (dk[i] * dc[j] + dc[i] * dk[j])
                            + fcc * dc[i] * dc[j]);
                }
                if (i < k) {
                    hess[i][i] += w * fc * 2 * mix.noise(a, i) / mix.rho(a);
                }
            }
        }
        return f;
    }

    /**
     * Per-atom terms {@code w_a c_a psi(k0_a / sqrt(c_a))} of the objective of {@link #evaluate} at {@code x}
     * (they sum to the objective): where the Gardner average puts its mass.
     */
    public double[] contributions(Mixture mix, double[] x) {
        int k = mix.dimension();
        double[] m = java.util.Arrays.copyOf(x, k);
        double b = x[k];
        double[] out = new double[mix.size()];
        for (int a = 0; a < mix.size(); a++) {
            double sr = FastMath.sqrt(mix.rho(a));
            double k0 = -mix.label(a) * (mix.meanField(a, m) + b) / sr;
            double c = 1 + mix.noiseField(a, m) / mix.rho(a);
            double kk = k0 / FastMath.sqrt(c);
            out[a] = mix.weight(a) * c * ((1 + kk * kk) * Gaussian.cdf(kk) + kk * Gaussian.pdf(kk));
        }
        return out;
    }

    private static double[] newtonDirection(double[][] hess, double[] grad) {
        Array2DRowRealMatrix h = new Array2DRowRealMatrix(hess);
        org.hipparchus.linear.RealVector rhs = new ArrayRealVector(grad).mapMultiply(-1);
        DecompositionSolver s;
        try {
            s = new CholeskyDecomposition(h, 1e-12, 1e-14).getSolver();
        } catch (RuntimeException notPositive) {
            s = new QRDecomposition(h).getSolver();
        }
        return s.solve(rhs).toArray();
    }

}
