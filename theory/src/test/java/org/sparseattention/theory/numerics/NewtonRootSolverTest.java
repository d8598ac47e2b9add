package org.sparseattention.theory.numerics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Newton's method with the exact Jacobian on {@code F(x, y) = (x^2 + y^2 - 4, e^x + y - 1)}, whose root
 * near {@code (-1.8, 0.84)} is known to 15 digits by bisection on the circle: quadratic convergence (at
 * most 6 iterations from a start 0.3 away), and the Jacobian-free last evaluation is used exactly once,
 * at the returned root.
 */
class NewtonRootSolverTest {
    private static void f(double[] x, double[] f) {
        f[0] = x[0] * x[0] + x[1] * x[1] - 4;
        f[1] = Math.exp(x[0]) + x[1] - 1;
    }

    private static void fj(double[] x, double[] f, double[][] j) {
        f(x, f);
        j[0][0] = 2 * x[0];
        j[0][1] = 2 * x[1];
        j[1][0] = Math.exp(x[0]);
        j[1][1] = 1;
    }

    /** The root by bisection in the angle: {@code x = 2 cos t, y = 2 sin t}, {@code e^x + y - 1 = 0}. */
    private static double[] root() {
        double lo = Math.PI / 2;
        double hi = Math.PI;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            double g = Math.exp(2 * Math.cos(mid)) + 2 * Math.sin(mid) - 1;
            if (g > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return new double[] {2 * Math.cos(lo), 2 * Math.sin(lo)};
    }

    @Test
    void exactNewtonConvergesQuadraticallyAndEndsWithTheCheapEvaluation() {
        double[] ref = root();
        NewtonRootSolver s = new NewtonRootSolver(1e-12, 50);
        AtomicInteger cheap = new AtomicInteger();
        double[] lastX = new double[2];
        NewtonRootSolver.Result r = s.solve(NewtonRootSolverTest::fj, (x, f) -> {
            cheap.incrementAndGet();
            System.arraycopy(x, 0, lastX, 0, 2);
            f(x, f);
        }, new double[] {-1.5, 1.0});
        assertTrue(r.converged());
        assertTrue(r.iterations() <= 6, "iterations " + r.iterations());
        assertEquals(ref[0], r.x()[0], 1e-11);
        assertEquals(ref[1], r.x()[1], 1e-11);
        assertEquals(1, cheap.get(), "Jacobian-free evaluations");
        assertEquals(r.x()[0], lastX[0], 0);
        assertEquals(r.x()[1], lastX[1], 0);
        NewtonRootSolver.Result plain = s.solve(NewtonRootSolverTest::fj, new double[] {-1.5, 1.0});
        assertEquals(plain.x()[0], r.x()[0], 1e-11);
        assertEquals(plain.x()[1], r.x()[1], 1e-11);
    }

    /**
     * From a start near the root with a Jacobian guess: the first evaluation is the Jacobian-free one,
     * a good guess converges with no exact Jacobian at all, and a wrong guess (the negated identity, an
     * ascent direction) falls back to the exact Jacobian instead of stalling.
     */
    @Test
    void jacobianGuessNearTheRoot() {
        double[] ref = root();
        NewtonRootSolver s = new NewtonRootSolver(1e-10, 50);
        double[] near = {ref[0] + 1e-9, ref[1] - 1e-9};
        double[][] good = new double[2][2];
        fj(new double[] {ref[0] + 1e-6, ref[1]}, new double[2], good);
        AtomicInteger exact = new AtomicInteger();
        NewtonRootSolver.Result r = s.solve((x, f, j) -> {
            exact.incrementAndGet();
            fj(x, f, j);
        }, NewtonRootSolverTest::f, near, good);
        assertTrue(r.converged());
        assertEquals(0, exact.get(), "exact Jacobians with a good guess");
        assertEquals(ref[0], r.x()[0], 1e-10);
        double[][] wrong = {{-1, 0}, {0, -1}};
        NewtonRootSolver.Result w = s.solve(NewtonRootSolverTest::fj, NewtonRootSolverTest::f,
                new double[] {-1.7, 0.9}, wrong);
        assertTrue(w.converged());
        assertEquals(ref[0], w.x()[0], 1e-10);
        assertEquals(ref[1], w.x()[1], 1e-10);
    }
}
