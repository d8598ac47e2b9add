package org.sparseattention.simulation.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.SplittableRandom;

import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.linear.LinearConstraint;
import org.hipparchus.optim.linear.LinearConstraintSet;
import org.hipparchus.optim.linear.LinearObjectiveFunction;
import org.hipparchus.optim.linear.NonNegativeConstraint;
import org.hipparchus.optim.linear.Relationship;
import org.hipparchus.optim.linear.SimplexSolver;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.junit.jupiter.api.Test;

/**
 * The squared-hinge separability test against an independent exact answer: the linear program
 * {@code max t} subject to {@code y_i (a_i w + b) >= t}, {@code |w_j|, |b| <= 1}, {@code t <= 1},
 * solved by the simplex method; the set is separable iff {@code t* > 0}.
 */
class SeparabilityBruteForceTest {

    /** Optimal {@code t} of the LP (the largest margin in the max-norm box). */
    static double lpMargin(double[] a, double[] y, int n, int p) {
        int m = p + 2; // w (p), b, t
        double[] obj = new double[m];
        obj[p + 1] = 1;
        Collection<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] c = new double[m];
            for (int j = 0; j < p; j++) {
                c[j] = y[i] * a[i * p + j];
            }
            c[p] = y[i];
            c[p + 1] = -1;
            cons.add(new LinearConstraint(c, Relationship.GEQ, 0));
        }
        for (int j = 0; j <= p + 1; j++) {
            double[] c = new double[m];
            c[j] = 1;
            cons.add(new LinearConstraint(c, Relationship.LEQ, 1));
            if (j <= p) {
                cons.add(new LinearConstraint(c, Relationship.GEQ, -1));
            }
        }
        PointValuePair s = new SimplexSolver().optimize(new MaxIter(100000), new LinearObjectiveFunction(obj, 0),
                new LinearConstraintSet(cons), GoalType.MAXIMIZE, new NonNegativeConstraint(false));
        return s.getValue();
    }

    @Test
    void agreesWithLinearProgrammingAroundCoversThreshold() {
        // Cover: random labels on n points in general position in p dimensions (with bias) are
        // separable with probability 1/2 at n = 2 (p + 1); both outcomes occur in this sample
        SplittableRandom r = new SplittableRandom(11);
        int separable = 0, total = 0;
        for (int p = 2; p <= 7; p++) {
            for (int rep = 0; rep < 16; rep++) {
                int n = 2 * (p + 1) + r.nextInt(-2, 3);
                double[] a = new double[n * p];
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    y[i] = r.nextBoolean() ? 1 : -1;
                    for (int j = 0; j < p; j++) {
                        a[i * p + j] = r.nextGaussian() + (r.nextInt(4) == 0 ? 0.3 * y[i] : 0.0);
                    }
                }
                double t = lpMargin(a, y, n, p);
                // t* = 0 (w = 0, b = 0) when not separable; ambiguous only at rounding level
                assertTrue(t < 1e-12 || t > 1e-9, "LP margin " + t);
                FeatureMatrix A = new FeatureMatrix(n, p, a, null);
                SquaredHingeSeparability.Outcome o = SquaredHingeSeparability.test(A, y);
                SeparabilityCertificateTest.checkCertificate(A, y, o);
                assertEquals(t > 1e-9, o.separable(), "p=" + p + " n=" + n + " LP margin " + t + " " + o);
                separable += t > 1e-9 ? 1 : 0;
                total++;
            }
        }
        assertTrue(separable > total / 5 && separable < 4 * total / 5, separable + " of " + total + " separable");
    }

    @Test
    void agreesWithLinearProgrammingOnAFloatDesign() {
        SplittableRandom r = new SplittableRandom(12);
        int separable = 0;
        int p = 12;
        for (int rep = 0; rep < 12; rep++) {
            int n = 26;
            FeatureMatrix.Builder bld = FeatureMatrix.builder(n, p, FeatureMatrix.Precision.FLOAT);
            double[] y = new double[n];
            double[] row = new double[p];
            double[] a = new double[n * p];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < p; j++) {
                    row[j] = r.nextGaussian();
                }
                bld.setRow(i, row, 0, 1.0);
                for (int j = 0; j < p; j++) {
                    a[i * p + j] = (float) row[j];
                }
            }
            FeatureMatrix A = bld.build(null);
            double t = lpMargin(a, y, n, p);
            assertTrue(t < 1e-12 || t > 1e-9, "LP margin " + t);
            SquaredHingeSeparability.Outcome o = SquaredHingeSeparability.test(A, y);
            SeparabilityCertificateTest.checkCertificate(A, y, o);
            assertEquals(t > 1e-9, o.separable(), "rep " + rep + " LP margin " + t);
            separable += t > 1e-9 ? 1 : 0;
        }
        assertTrue(separable > 0 && separable < 12, separable + " of 12 separable");
    }
}
