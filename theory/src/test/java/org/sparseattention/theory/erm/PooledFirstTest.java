package org.sparseattention.theory.erm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sparseattention.theory.Fixtures;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.loss.LogisticLoss;

/**
 * The pooled-first path of {@link ErmPointSolver} (seeds, pooled Newton, chord steps per realisation)
 * gives the point that solving every realisation on its own gives: the same pooled value to the
 * solver tolerance and the same error bar (the realisations differ only by their looser tolerance),
 * from a cold start and from an earlier point.
 */
class PooledFirstTest {
    /** A solver of the attention law at {@code kappa = 1.8, s = 0.95}: 6 randomizations of 128 points, 2 threads. */
    private static ErmPointSolver solver() {
        return solver(Fixtures.options(7).hermiteNodes());
    }

    /** {@link #solver()} with {@code hermiteNodes} Gauss-Hermite nodes. */
    private static ErmPointSolver solver(int hermiteNodes) {
        TheoryOptions o = new TheoryOptions(7, 6, 128, hermiteNodes, 1e-8, 2);
        return new ErmPointSolver(Model.ATTENTION, new AttentionLaw(Fixtures.params(), 1.8, 0.95, 128, 6, 3),
                new LogisticLoss(), o);
    }

    @Test
    void pooledFirstEqualsRealisationByRealisation() {
        ErmPointSolver fast = solver();
        ErmPointSolver each = solver();
        Optional<ErmPointSolver.Start> fastFrom = Optional.empty();
        int solves = 0;
        Optional<ErmPointSolver.Start> eachFrom = Optional.empty();
        for (double alpha : new double[] {0.3, 0.5, 1, 2, 3, 6}) {
            for (double lambda : new double[] {1e-3, 0.1}) {
                ErmPointSolver.Result f = fast.solve(alpha, lambda, fastFrom);
                solves++;
                ErmPointSolver.Result e = each.solveEachRealisation(alpha, lambda, eachFrom);
                ErmSolution a = f.solution();
                ErmSolution b = e.solution();
                String what = "alpha1=" + alpha + " lambda=" + lambda + ": " + a.note();
                assertEquals(PointStatus.OK, a.status(), what);
                assertEquals(b.testError(), a.testError(), 1e-8, what);
                assertEquals(b.trainLoss(), a.trainLoss(), 1e-8, what);
                assertEquals(b.trainError(), a.trainError(), 1e-8, what);
                assertEquals(b.testErrorErr(), a.testErrorErr(), 0.02 * b.testErrorErr() + 1e-7, what);
                assertEquals(b.trainLossErr(), a.trainLossErr(), 0.02 * b.trainLossErr() + 1e-7, what);
                assertTrue(a.residual() <= 1e-8, what + " residual " + a.residual());
                assertEquals(solves, fast.pooledFirstSolves, what + ": fell back to solving each realisation");
                if (lambda == 0.1) {
                    fastFrom = Optional.of(f.start());
                    eachFrom = Optional.of(e.start());
                }
            }
        }
        // every lambda = 0.1 point after the first continues the previous one (the quadratic prediction in
        // ln alpha, no seeds); the lambda = 1e-3 points start from another ridge and solve their seeds
        assertEquals(5, fast.continuedSolves);
    }

    /**
     * A point continued along a curve equals the same point solved on its own from a cold start: the value
     * to the solver tolerance, the error bars to 2% (the realisations' chord steps end at 5% of their offsets
     * from the pooled solution), whatever the earlier points.
     */
    @Test
    void continuedPointEqualsColdPoint() {
        ErmPointSolver curve = solver();
        Optional<ErmPointSolver.Start> from = Optional.empty();
        double[] alphas = {0.4, 0.6, 0.8, 1.1, 1.5, 2, 2.6, 3.3};
        for (double alpha : alphas) {
            ErmPointSolver.Result c = curve.solve(alpha, 0.01, from);
            from = Optional.of(c.start());
            ErmSolution a = c.solution();
            ErmSolution b = solver().solve(alpha, 0.01, Optional.empty()).solution();
            String what = "alpha1=" + alpha + ": " + a.note();
            assertEquals(PointStatus.OK, a.status(), what);
            assertEquals(b.testError(), a.testError(), 1e-8, what);
            assertEquals(b.trainLoss(), a.trainLoss(), 1e-8, what);
            assertEquals(b.testErrorErr(), a.testErrorErr(), 0.02 * b.testErrorErr(), what);
            assertEquals(b.trainLossErr(), a.trainLossErr(), 0.02 * b.trainLossErr(), what);
            assertTrue(a.residual() <= 1e-8, what + " residual " + a.residual());
        }
        assertEquals(alphas.length - 1, curve.continuedSolves);
    }

    /**
     * The realisations' linear steps from the pooled solution (no evaluation at their own solutions) give the
     * value of the chord steps with evaluations exactly and their error bars to 1% (the training error's, of
     * order 1e-7 and far out in a Gaussian tail, to 10%); both the spread and the
     * bias term of the bar are compared (the bias through the bar at {@code K = 6}, where it is not negligible
     * at 128 points). The linear steps are taken wherever realisation 0 confirms them.
     */
    @Test
    void linearStepsGiveTheChordStepsErrorBars() {
        ErmPointSolver linear = solver();
        ErmPointSolver chords = solver();
        chords.linearSteps = false;
        Optional<ErmPointSolver.Start> fromLinear = Optional.empty();
        Optional<ErmPointSolver.Start> fromChords = Optional.empty();
        double[] alphas = {0.5, 1, 2, 4, 8};
        for (double alpha : alphas) {
            ErmPointSolver.Result l = linear.solve(alpha, 0.01, fromLinear);
            ErmPointSolver.Result c = chords.solve(alpha, 0.01, fromChords);
            fromLinear = Optional.of(l.start());
            fromChords = Optional.of(c.start());
            ErmSolution a = l.solution();
            ErmSolution b = c.solution();
            String what = "alpha1=" + alpha + ": " + a.note();
            assertEquals(PointStatus.OK, a.status(), what);
            assertEquals(b.testError(), a.testError(), 1e-12, what);
            assertEquals(b.trainLoss(), a.trainLoss(), 1e-12, what);
            assertEquals(b.testErrorErr(), a.testErrorErr(), 0.01 * b.testErrorErr(), what);
            assertEquals(b.trainLossErr(), a.trainLossErr(), 0.01 * b.trainLossErr(), what);
            // a Gaussian tail far out (training errors of order 1e-7) amplifies the chord steps' own 5% tolerance
            assertEquals(b.trainErrorErr(), a.trainErrorErr(), 0.1 * b.trainErrorErr() + 1e-12, what);
        }
        // at 128 points the offsets are large: where realisation 0's linear step misses its own solution by more
        // than 5% (two points here) every realisation takes the chord steps instead
        assertEquals(alphas.length, linear.linearSolves + linear.linearRejected);
        assertTrue(linear.linearSolves >= 3, "linear steps taken at " + linear.linearSolves + " points");
        assertEquals(0, chords.linearSolves);
    }

    /**
     * Randomization 0's quadrature truncation measured at the pooled solution (one evaluation of its companion
     * with twice the nodes, a linear correction of the state) against the companion solved from its own solution:
     * with 4 and 5 Hermite nodes (truncation terms of 1e-9 ... 1e-7) the two agree within 20% plus 3e-8, the scale
     * to which both are known (the companion solve stops at the tolerance 1e-8), and the error bars agree to 1%.
     */
    @Test
    void truncationAtThePooledSolutionEqualsTheSolvedCompanion() {
        double largest = 0;
        for (int h : new int[] {4, 5}) {
            ErmPointSolver pooled = solver(h);
            ErmPointSolver solved = solver(h);
            solved.truncationAtPooled = false;
            Optional<ErmPointSolver.Start> fa = Optional.empty();
            Optional<ErmPointSolver.Start> fb = Optional.empty();
            for (double alpha : new double[] {0.3, 0.5, 1, 2, 4, 8}) {
                ErmPointSolver.Result a = pooled.solve(alpha, 0.01, fa);
                ErmPointSolver.Result b = solved.solve(alpha, 0.01, fb);
                fa = Optional.of(a.start());
                fb = Optional.of(b.start());
                String what = "h=" + h + " alpha1=" + alpha;
                for (int k = 0; k < 3; k++) {
                    double t = solved.lastTruncation[k];
                    assertEquals(t, pooled.lastTruncation[k], 0.2 * Math.abs(t) + 3e-8, what + " term " + k);
                    largest = Math.max(largest, Math.abs(t));
                }
                assertEquals(b.solution().testErrorErr(), a.solution().testErrorErr(),
                        0.01 * b.solution().testErrorErr(), what);
            }
        }
        // the comparison is not vacuous: some truncation term is well above the tolerance scale
        assertTrue(largest > 5e-8, "largest truncation term " + largest);
    }

    @Test
    void pooledFirstDoesNotDependOnTheThreadCount() {
        FeatureLaw law = new AttentionLaw(Fixtures.params(), 1.8, 0.95, 128, 6, 3);
        ErmPointSolver one = new ErmPointSolver(Model.ATTENTION, law, new LogisticLoss(),
                Fixtures.options(7).withThreads(1));
        ErmPointSolver three = new ErmPointSolver(Model.ATTENTION, law, new LogisticLoss(),
                Fixtures.options(7).withThreads(3));
        Optional<ErmPointSolver.Start> a = Optional.empty();
        Optional<ErmPointSolver.Start> b = Optional.empty();
        for (double alpha : new double[] {0.5, 1, 2}) {
            ErmPointSolver.Result x = one.solve(alpha, 0.01, a);
            ErmPointSolver.Result y = three.solve(alpha, 0.01, b);
            ErmSolution u = x.solution();
            ErmSolution v = y.solution();
            org.junit.jupiter.api.Assertions.assertArrayEquals(u.m(), v.m(), 0, "alpha1=" + alpha);
            assertEquals(java.util.List.of(u.bias(), u.q(), u.v(), u.testError(), u.testErrorErr(), u.trainLoss(),
                    u.trainLossErr(), u.trainError(), u.trainErrorErr(), u.residual()),
                    java.util.List.of(v.bias(), v.q(), v.v(), v.testError(), v.testErrorErr(), v.trainLoss(),
                    v.trainLossErr(), v.trainError(), v.trainErrorErr(), v.residual()), "alpha1=" + alpha);
            a = Optional.of(x.start());
            b = Optional.of(y.start());
        }
        assertEquals(3, one.pooledFirstSolves);
        assertEquals(3, three.pooledFirstSolves);
    }
}
