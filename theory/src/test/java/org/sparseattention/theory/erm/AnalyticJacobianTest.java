package org.sparseattention.theory.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sparseattention.theory.Fixtures;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.law.GaussianLaw;
import org.sparseattention.theory.loss.Losses;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.NewtonRootSolver;

/**
 * The exact Jacobian of the logistic ERM equations (derivatives of the averages through the same
 * quadrature, then the chain rule) against central finite differences of the residuals, on both
 * branches of the averages ({@code sd <= 1}: Gauss-Hermite; {@code sd > 1}: composite rule).
 */
class AnalyticJacobianTest {
    private static final GaussHermiteRule RULE = new GaussHermiteRule(24);

    /** Derivatives of the averages and of the loss average with respect to (mu, sd, tau) against central differences of {@link ProxAverages#average}. */
    @ParameterizedTest
    @CsvSource({"1,0.3,0.8,0.5", "-1,0.3,0.6,60", "1,-4,1.5,80", "-1,2,3,2", "1,20,8,1e3", "-1,-1,0.2,0.05", "1,4,2.5,0"})
    void averageDerivativesMatchDifferences(double y, double mu, double sd, double tau) {
        LogisticProxAverages avg = new LogisticProxAverages(RULE);
        double[] out = new double[4];
        double[] d = new double[12];
        avg.averageWithDerivatives(y, mu, sd, tau, out, d);
        double[] plain = new double[4];
        avg.average(y, mu, sd, tau, plain);
        for (int i = 0; i < 4; i++) {
            assertEquals(plain[i], out[i], 1e-14 * (1 + Math.abs(plain[i])), "value " + i);
        }
        double[] p0 = {mu, sd, tau};
        for (int p = 0; p < 3; p++) {
            if (p == 2 && tau == 0) {
                continue;
            }
            double h = 1e-5 * Math.max(1, Math.abs(p0[p]));
            double[] lo = p0.clone();
            double[] hi = p0.clone();
            lo[p] -= h;
            hi[p] += h;
            double[] fl = new double[4];
            double[] fh = new double[4];
            avg.average(y, lo[0], lo[1], lo[2], fl);
            avg.average(y, hi[0], hi[1], hi[2], fh);
            for (int i = 0; i < 4; i++) {
                double fd = (fh[i] - fl[i]) / (2 * h);
                assertEquals(fd, d[3 * i + p], 1e-6 * (1 + Math.abs(fd)) / Math.max(1, Math.abs(p0[p])),
                        (i == 3 ? "d loss" : "d out" + i) + "/d" + new String[] {"mu", "sd", "tau"}[p]);
            }
        }
        // the derivatives of the mean and of the loss are not zero: a wrong chain rule cannot pass by accident
        assertTrue(Math.abs(d[0]) > 1e-6);
        assertTrue(Math.abs(d[9]) > 1e-6);
    }

    static void jacobianMatches(FeatureLaw law, double alpha, double lambda, double[] x) {
        ErmFixedPoint fp = new ErmFixedPoint(law.mixture(0), law.gamma(), Losses.byName("logistic"),
                ProxAverages.of(Losses.byName("logistic"), RULE), new NewtonRootSolver(1e-8, 200));
        assertTrue(fp.analyticJacobian());
        int n = x.length;
        double[] f = new double[n];
        double[][] jac = new double[n][n];
        fp.residualsAndJacobian(alpha, lambda, x, f, jac);
        double[] f0 = new double[n];
        fp.residuals(alpha, lambda, x, f0);
        for (int i = 0; i < n; i++) {
            assertEquals(f0[i], f[i], 1e-12 * (1 + Math.abs(f0[i])), "residual " + i);
        }
        for (int c = 0; c < n; c++) {
            double h = 1e-5 * Math.max(1, Math.abs(x[c]));
            double[] xl = x.clone();
            double[] xh = x.clone();
            xl[c] -= h;
            xh[c] += h;
            double[] fl = new double[n];
            double[] fh = new double[n];
            fp.residuals(alpha, lambda, xl, fl);
            fp.residuals(alpha, lambda, xh, fh);
            for (int i = 0; i < n; i++) {
                double fd = (fh[i] - fl[i]) / (2 * h);
                assertEquals(fd, jac[i][c], 2e-6 * (1 + Math.abs(fd)), "dF" + i + "/dx" + c);
            }
        }
    }

    /** The attention law (atoms with a Gaussian part along one direction) at two states, wide and narrow cavity fields. */
    @Test
    void attentionLawJacobian() {
        FeatureLaw law = new AttentionLaw(Fixtures.params(), 1.8, 0.95, 64, 1, 3);
        jacobianMatches(law, 2, 0.01, new double[] {2.37, 1.06, -7.4, Math.log(2.6), Math.log(56.7)});
        jacobianMatches(law, 0.3, 0.05, new double[] {0.5, 0.2, -1.0, Math.log(0.4), Math.log(5.0)});
        jacobianMatches(law, 10, 0, new double[] {4.06, 1.90, -11.8, Math.log(7.4), Math.log(23.6)});
    }

    /**
     * A pass without the observables (the pooled solve's Jacobians) gives the same residuals, Jacobian and loss
     * gradient as an observed one, and leaves no observables behind: those asked for afterwards at the same state
     * are computed (equal to the observed pass's), never stale ones of an earlier state. The loss's derivatives
     * come without the loss itself: equal whether {@code out} asks for it or not.
     */
    @Test
    void unobservedPassGivesTheSameDerivativesAndNoStaleObservables() {
        FeatureLaw law = new AttentionLaw(Fixtures.params(), 1.8, 0.95, 64, 1, 3);
        ErmFixedPoint fp = new ErmFixedPoint(law.mixture(0), law.gamma(), Losses.byName("logistic"),
                ProxAverages.of(Losses.byName("logistic"), RULE), new NewtonRootSolver(1e-8, 200));
        double[] x = {2.37, 1.06, -7.4, Math.log(2.6), Math.log(56.7)};
        double[] other = {2.0, 0.9, -6.0, Math.log(2.0), Math.log(40.0)};
        int n = x.length;
        double[] fa = new double[n];
        double[] fb = new double[n];
        double[][] ja = new double[n][n];
        double[][] jb = new double[n][n];
        double[] ga = new double[n];
        double[] gb = new double[n];
        fp.residualsAndJacobian(2, 0.01, x, fa, ja, ga, true);
        ErmFixedPoint.Observables observed = fp.observables(2, 0.01, ErmFixedPoint.State.unpack(x, 2));
        // an observed pass elsewhere, then an unobserved one at x: the observables at x must not be the other state's
        fp.residualsAndJacobian(2, 0.01, other, new double[n], new double[n][n], null, true);
        fp.residualsAndJacobian(2, 0.01, x, fb, jb, gb, false);
        // (to the quadrature's dependence on where the panel ends' loose prox steps started: 1e-13)
        for (int i = 0; i < n; i++) {
            assertEquals(fa[i], fb[i], 1e-12 * (1 + Math.abs(fa[i])), "residual " + i);
            assertEquals(ga[i], gb[i], 1e-12 * (1 + Math.abs(ga[i])), "loss gradient " + i);
            for (int c = 0; c < n; c++) {
                assertEquals(ja[i][c], jb[i][c], 1e-12 * (1 + Math.abs(ja[i][c])), "dF" + i + "/dx" + c);
            }
        }
        ErmFixedPoint.Observables after = fp.observables(2, 0.01, ErmFixedPoint.State.unpack(x, 2));
        ErmFixedPoint.Observables elsewhere = fp.observables(2, 0.01, ErmFixedPoint.State.unpack(other, 2));
        assertTrue(Math.abs(elsewhere.trainLoss() - observed.trainLoss()) > 1e-3, "the two states differ");
        assertEquals(observed.trainLoss(), after.trainLoss(), 1e-12);
        assertEquals(observed.testError(), after.testError(), 1e-12);
        assertEquals(observed.trainError(), after.trainError(), 1e-12);
        assertTrue(Math.abs(ga[0]) > 1e-6, "a loss gradient that is not zero");
        // the loss's derivatives without the loss
        LogisticProxAverages avg = new LogisticProxAverages(RULE);
        for (double sd : new double[] {0.6, 2.5}) {
            double[] d4 = new double[12];
            double[] d3 = new double[12];
            avg.averageWithDerivatives(1, 0.7, sd, 3, new double[4], d4);
            avg.averageWithDerivatives(1, 0.7, sd, 3, new double[3], d3);
            for (int i = 0; i < 12; i++) {
                assertEquals(d4[i], d3[i], 0, "d" + i + " at sd " + sd);
            }
        }
    }

    /**
     * The tangent prediction along alpha (warm starts of a curve) is second-order accurate: from a
     * solution at alpha = 2 it lands within 1/4 of the old solution's distance to the solution at 2.2,
     * and the error shrinks about 4 times when the step is halved.
     */
    @ParameterizedTest
    @CsvSource({"attention,0.01", "vectorized,0.01", "attention,0"})
    void tangentPredictionIsSecondOrder(String model, double lambda) {
        FeatureLaw law = model.equals("attention") ? new AttentionLaw(Fixtures.params(), 1.8, 0.95, 64, 1, 3)
                : GaussianLaw.vectorized(Fixtures.params());
        ErmFixedPoint fp = new ErmFixedPoint(law.mixture(0), law.gamma(), Losses.byName("logistic"),
                ProxAverages.of(Losses.byName("logistic"), RULE), new NewtonRootSolver(1e-10, 200));
        double a = lambda == 0 ? 60 : 2;
        ErmFixedPoint.Point p = fp.solveCold(a, lambda);
        double[] err = new double[2];
        double[] x0 = p.state().pack();
        for (int h = 0; h < 2; h++) {
            double target = a * (1 + 0.1 / (1 << h));
            double[] exact = fp.solveFrom(target, lambda, p.state(), null).orElseThrow().state().pack();
            double[] pred = fp.predict(a, lambda, p, target).orElseThrow().pack();
            double old = 0;
            for (int i = 0; i < exact.length; i++) {
                err[h] = Math.max(err[h], Math.abs(pred[i] - exact[i]));
                old = Math.max(old, Math.abs(x0[i] - exact[i]));
            }
            assertTrue(err[h] < old / 4, "prediction error " + err[h] + " vs old distance " + old);
        }
        assertTrue(err[1] < err[0] / 3, "errors " + err[0] + ", " + err[1] + ": not second order");
    }

    /** The vectorized Gaussian law (noise along every direction). */
    @Test
    void gaussianLawJacobian() {
        FeatureLaw law = GaussianLaw.vectorized(Fixtures.params());
        jacobianMatches(law, 3, 0.01, new double[] {0.8, 0.3, 0.1, Math.log(0.9), Math.log(2.0)});
        FeatureLaw pooled = GaussianLaw.pooled(Fixtures.params());
        int k = pooled.dimension();
        double[] x = new double[k + 3];
        for (int j = 0; j < k; j++) {
            x[j] = 0.4 / (j + 1);
        }
        x[k] = -0.2;
        x[k + 1] = Math.log(1.5);
        x[k + 2] = Math.log(3.0);
        jacobianMatches(pooled, 1.5, 0.1, x);
    }
}
