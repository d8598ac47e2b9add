package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.theory.erm.ErmPointSolver;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;

/**
 * The step-4 ERM fixed point of one model (docs/theory.md section 6) at arbitrary
 * {@code (alpha1, lambda)}, for searches that evaluate many nearby points (optimal ridge, sample
 * complexity, grids). Every point is solved by {@link ErmPointSolver}, the same implementation as a
 * plain {@code alpha1} curve (values, error bars, regime, status and checks are identical); this
 * class only supplies the starting point: the nearest point solved before in
 * {@code (ln alpha1, ln lambda)} (among points with {@code lambda > 0}, or among {@code lambda = 0}
 * points in {@code ln alpha1}). Not thread-safe: one instance per thread.
 */
public final class WarmErmSolver {
    /** Solved points kept as starting points. */
    private static final int MEMORY = 64;

    private final ErmPointSolver points;
    private final List<ErmPointSolver.Start> solved = new ArrayList<>();
    private int solves;

    /**
     * @param theory the theory (data model, loss, protocol, numerical options; its own lambda unused)
     * @param model  the model
     */
    public WarmErmSolver(SparseTokenTheory theory, Model model) {
        this.points = new ErmPointSolver(model, theory.law(model), theory.loss(), theory.options());
    }

    /** The model. */
    public Model model() {
        return points.model();
    }

    /** Number of fixed-point solves so far (for diagnostics and speed tests). */
    public int solves() {
        return solves;
    }

    /**
     * The fixed point of section 6 at {@code (alpha, lambda)}, started from the nearest point solved
     * before.
     *
     * @param alpha  {@code alpha1 > 0}
     * @param lambda ridge {@code >= 0}
     * @return the point; at {@code lambda = 0} it may carry status {@code SINGULAR} or {@code FAILED}
     * @throws TheoryException if a point with {@code lambda > 0} could not be solved (status {@code FAILED})
     */
    public ErmSolution solve(double alpha, double lambda) {
        return solve(alpha, lambda, null);
    }

    /**
     * Like {@link #solve(double, double)}; while this solver has solved nothing yet, starts from the
     * nearest point solved by {@code neighbour}, a solver of the same model under a nearby law (the
     * next cell of a parameter grid). A start that does not converge to a point passing the fixed
     * point's checks falls back to a cold start, so the result does not depend on the neighbour
     * beyond the solver tolerance.
     *
     * @param neighbour another solver of the same model, or {@code null}
     */
    public ErmSolution solve(double alpha, double lambda, WarmErmSolver neighbour) {
        if (neighbour != null && neighbour.model() != model()) {
            throw new IllegalArgumentException("neighbour solves " + neighbour.model() + ", not " + model());
        }
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha1 must be finite and > 0, got " + alpha);
        }
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        solves++;
        double la = Math.log(alpha);
        ErmPointSolver.Start near = null;
        double best = Double.POSITIVE_INFINITY;
        List<ErmPointSolver.Start> memory = solved.isEmpty() && neighbour != null ? neighbour.solved : solved;
        for (ErmPointSolver.Start s : memory) {
            if ((s.lambda() == 0) != (lambda == 0)) {
                continue;
            }
            double dist = Math.abs(Math.log(s.alpha()) - la)
                    + (lambda == 0 ? 0 : Math.abs(Math.log(s.lambda()) - Math.log(lambda)));
            if (dist < best) {
                best = dist;
                near = s;
            }
        }
        ErmPointSolver.Result r = points.solve(alpha, lambda, Optional.ofNullable(near));
        solved.add(r.start());
        if (solved.size() > MEMORY) {
            solved.remove(0);
        }
        ErmSolution e = r.solution();
        if (lambda > 0 && e.status() == PointStatus.FAILED) {
            throw new TheoryException("ERM fixed point at alpha1=" + alpha + ", lambda=" + lambda + ": " + e.note());
        }
        return e;
    }
}
