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
 * The hinge ERM at {@code lambda = 0} on data that are not separable: its hinge loss is the
 * optimum of the linear program {@code min sum_i xi_i, xi_i >= 1 - y_i (a_i w + b), xi >= 0},
 * solved independently by the simplex method.
 */
class UnregularisedHingeTest {

    /** {@code min_{w,b} sum_i (1 - y_i (a_i w + b))_+} by the simplex method. */
    static double lpHinge(double[] a, double[] y, int n, int p) {
        int m = p + 1 + n; // w (p), b, xi (n)
        double[] obj = new double[m];
        for (int i = 0; i < n; i++) {
            obj[p + 1 + i] = 1;
        }
        Collection<LinearConstraint> cons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] c = new double[m];
            for (int j = 0; j < p; j++) {
                c[j] = y[i] * a[i * p + j];
            }
            c[p] = y[i];
            c[p + 1 + i] = 1;
            cons.add(new LinearConstraint(c, Relationship.GEQ, 1));
            double[] nonneg = new double[m];
            nonneg[p + 1 + i] = 1;
            cons.add(new LinearConstraint(nonneg, Relationship.GEQ, 0));
        }
        PointValuePair s = new SimplexSolver().optimize(new MaxIter(200000), new LinearObjectiveFunction(obj, 0),
                new LinearConstraintSet(cons), GoalType.MINIMIZE, new NonNegativeConstraint(false));
        return s.getValue();
    }

    @Test
    void lambdaZeroOnOverlappingClassesIsTheLinearProgramsOptimum() {
        SplittableRandom r = new SplittableRandom(5);
        for (int rep = 0; rep < 4; rep++) {
            int p = 3 + rep;
            int n = 12 * (p + 1);
            double[] a = new double[n * p];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < p; j++) {
                    a[i * p + j] = r.nextGaussian() + (j == 0 ? 0.8 * y[i] : 0.0);
                }
            }
            FeatureMatrix A = new FeatureMatrix(n, p, a, null);
            assertTrue(!SquaredHingeSeparability.test(A, y).separable(), "the classes overlap");
            ErmResult h = HingeDualCd.solve(A, y, 0.0);
            double lp = lpHinge(a, y, n, p);
            double[] z = new double[n];
            A.multiply(h.w(), h.b(), z);
            double hinge = 0;
            for (int i = 0; i < n; i++) {
                hinge += Math.max(0, 1 - y[i] * z[i]);
            }
            assertEquals(hinge, h.objective(), 1e-9 * Math.max(1, hinge));
            assertEquals(lp, hinge, 1e-5 * lp, "p=" + p + " n=" + n + " " + h.method());
            assertTrue(h.method().startsWith("unregularised hinge minimiser"), h.method());
            assertTrue(h.method().contains("optimal for the linear program by duality"), h.method());
            assertTrue(h.optimality() <= UnregularisedHinge.LP_REL_GAP * Math.max(1, hinge), "LP gap " + h.optimality());
        }
    }

    /**
     * The LP optimality check is not a formality: a ridge solution at a large ridge has a hinge loss
     * above the LP optimum (by the simplex method), and the check rejects it.
     */
    @Test
    void lpCertificateRejectsASuboptimalRidgeSolution() {
        SplittableRandom r = new SplittableRandom(6);
        int p = 4, n = 60;
        double[] a = new double[n * p];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextBoolean() ? 1 : -1;
            for (int j = 0; j < p; j++) {
                a[i * p + j] = r.nextGaussian() + (j == 0 ? 0.8 * y[i] : 0.0);
            }
        }
        FeatureMatrix A = new FeatureMatrix(n, p, a, null);
        double lp = lpHinge(a, y, n, p);
        HingeDualCd.Ridge ridge = HingeDualCd.solveRidge(A, y, 5.0);
        UnregularisedHinge.Certificate c = UnregularisedHinge.certify(A, y, ridge.result().w(), ridge.result().b(),
                ridge.alpha());
        assertTrue(c.primal() > lp * 1.01, "the large ridge is suboptimal for the LP: " + c.primal() + " vs " + lp);
        assertTrue(!c.certified(), c.detail());
        // while at a small ridge the same check certifies the LP optimum
        HingeDualCd.Ridge small = HingeDualCd.solveRidge(A, y, 1e-6);
        UnregularisedHinge.Certificate cs = UnregularisedHinge.certify(A, y, small.result().w(), small.result().b(),
                small.alpha());
        assertTrue(cs.certified(), cs.detail());
        assertEquals(lp, cs.primal(), 1e-7 * lp);
    }
}
