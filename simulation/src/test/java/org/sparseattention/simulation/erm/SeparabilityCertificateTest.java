package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Every verdict of {@link SquaredHingeSeparability} is backed by a certificate that this test
 * re-checks from the stored design alone, independently of the solver: "separable" by a point
 * {@code (w, b)} at which every margin is positive; "not separable" by the Farkas-type bound, the
 * weights {@code alpha_i = (1 - m_i)_+} at the returned point giving
 * {@code ||sum alpha_i y_i (a_i, 1)|| / sum alpha_i <= 1e-6 rho}. {@link SeparabilityBruteForceTest}
 * re-checks the certificate of each of its verdicts too and compares them with the simplex method's
 * exact answer, so a wrong decision fails either way.
 */
class SeparabilityCertificateTest {

    /** Margins {@code y_i (a_i w + b)} from the stored entries (compensated sums). */
    private static double[] margins(FeatureMatrix A, double[] y, double[] w, double b) {
        int n = A.rows(), p = A.cols();
        double[] m = new double[n];
        for (int i = 0; i < n; i++) {
            double s = b, c = 0;
            for (int j = 0; j < p; j++) {
                double t = A.get(i, j) * w[j] - c;
                double u = s + t;
                c = (u - s) - t;
                s = u;
            }
            m[i] = y[i] * s;
        }
        return m;
    }

    /** The certificate of {@code o}, re-checked; returns the recomputed margin bound (NaN for separable). */
    static double checkCertificate(FeatureMatrix A, double[] y, SquaredHingeSeparability.Outcome o) {
        int n = A.rows(), p = A.cols();
        double[] m = margins(A, y, o.w(), o.b());
        double min = Double.POSITIVE_INFINITY;
        for (double v : m) {
            min = Math.min(min, v);
        }
        if (o.separable()) {
            assertTrue(min > 0, "separable verdict without a separating point: smallest margin " + min + " " + o);
            return Double.NaN;
        }
        assertFalse(min > 0, "not separable verdict at a separating point " + o);
        double[] r = new double[p + 1];
        double mass = 0, rho2 = 0;
        for (int i = 0; i < n; i++) {
            double a = Math.max(0, 1 - m[i]);
            mass += a;
            double rowSq = 1;
            for (int j = 0; j < p; j++) {
                double aij = A.get(i, j);
                r[j] += a * y[i] * aij;
                rowSq += aij * aij;
            }
            r[p] += a * y[i];
            rho2 = Math.max(rho2, rowSq);
        }
        double rn = 0;
        for (double v : r) {
            rn += v * v;
        }
        double bound = Math.sqrt(rn) / mass;
        assertTrue(mass > 0 && bound <= SquaredHingeSeparability.MARGIN_RESOLUTION * Math.sqrt(rho2) * (1 + 1e-6),
                "not separable verdict without a Farkas certificate: margin bound " + bound + " vs radius "
                        + Math.sqrt(rho2) + " " + o);
        assertEquals(bound, o.marginBound(), 1e-3 * bound + 1e-300, "reported margin bound");
        return bound;
    }

    @Test
    void largeDesignsNearTheThresholdAreCertifiedBothWays() {
        // Cover's threshold n = 2 (p + 1) at p = 150: both verdicts occur, each with its certificate
        SplittableRandom r = new SplittableRandom(5);
        int p = 150;
        int[] sep = new int[2];
        for (int rep = 0; rep < 6; rep++) {
            int n = rep % 2 == 0 ? 250 : 360;
            FeatureMatrix.Builder bld = FeatureMatrix.builder(n, p, FeatureMatrix.Precision.FLOAT);
            double[] y = new double[n];
            double[] row = new double[p];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < p; j++) {
                    row[j] = r.nextGaussian();
                }
                bld.setRow(i, row, 0, 1.0);
            }
            FeatureMatrix A = bld.build(null);
            SquaredHingeSeparability.Outcome o = SquaredHingeSeparability.test(A, y);
            checkCertificate(A, y, o);
            sep[rep % 2] += o.separable() ? 1 : 0;
        }
        assertEquals(3, sep[0], "n = 250 < 2 (p + 1) = 302: separable");
        assertEquals(0, sep[1], "n = 360 > 302: not separable");
    }

    @Test
    void theFarkasBoundIsAnUpperBoundOnTheMarginOfASeparableSet() {
        // a separable set: the bound ||r|| / sum alpha at any alpha >= 0 is at least the largest
        // margin, here at least the margin of the known separating direction e_0
        SplittableRandom r = new SplittableRandom(8);
        int n = 40, p = 5;
        double[] a = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2 == 0 ? 1 : -1;
            for (int j = 0; j < p; j++) {
                a[i * p + j] = j == 0 ? y[i] * (0.5 + r.nextDouble()) : r.nextGaussian();
            }
        }
        double known = Double.POSITIVE_INFINITY, rho = 0;
        for (int i = 0; i < n; i++) {
            known = Math.min(known, y[i] * a[i * p]);
            double s = 1;
            for (int j = 0; j < p; j++) {
                s += a[i * p + j] * a[i * p + j];
            }
            rho = Math.max(rho, Math.sqrt(s));
        }
        for (int rep = 0; rep < 20; rep++) {
            double[] r2 = new double[p + 1];
            double mass = 0;
            for (int i = 0; i < n; i++) {
                double al = r.nextDouble();
                mass += al;
                for (int j = 0; j < p; j++) {
                    r2[j] += al * y[i] * a[i * p + j];
                }
                r2[p] += al * y[i];
            }
            double nr = 0;
            for (double v : r2) {
                nr += v * v;
            }
            assertTrue(Math.sqrt(nr) / mass >= known - 1e-12, "bound below a known margin");
        }
        SquaredHingeSeparability.Outcome o = SquaredHingeSeparability.test(new FeatureMatrix(n, p, a, null), y);
        assertTrue(o.separable());
        checkCertificate(new FeatureMatrix(n, p, a, null), y, o);
        assertTrue(known > 1e-3 * rho);
    }
}
