package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.List;

import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.erm.PointStatus;

/**
 * The per-point solver columns shared by every command that prints theory points of the step-4
 * ERM: {@code regime}, {@code status}, {@code iterations}, {@code note} (docs/cli.md). A point whose
 * status is not {@code ok} has empty value cells; {@code note} says why.
 */
public final class ErmRows {
    /** Column names, in order, appended after a command's own columns. */
    public static final List<String> COLUMNS = List.of("regime", "status", "iterations", "note");

    private ErmRows() {
    }

    /** The cells of {@link #COLUMNS} for one point. */
    public static Object[] cells(ErmSolution e) {
        return new Object[] {e.regime().label(), e.status().label(), e.iterations(), e.note()};
    }

    /** {@code head} followed by {@link #COLUMNS}. */
    public static String[] header(String... head) {
        List<String> h = new ArrayList<>(List.of(head));
        h.addAll(COLUMNS);
        return h.toArray(new String[0]);
    }

    /** {@code head} followed by {@link #cells(ErmSolution)}. */
    public static Object[] row(ErmSolution e, Object... head) {
        Object[] tail = cells(e);
        Object[] out = new Object[head.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /**
     * The points of a curve that have a test error, as {@code {alpha1, test_error, test_error_err}}
     * columns (for plots, which cannot draw a missing value).
     */
    public static double[][] plottable(List<ErmSolution> curve) {
        List<ErmSolution> ok = new ArrayList<>();
        for (ErmSolution e : curve) {
            if (e.status() == PointStatus.OK && Double.isFinite(e.testError())) {
                ok.add(e);
            }
        }
        double[][] xy = new double[3][ok.size()];
        for (int i = 0; i < ok.size(); i++) {
            xy[0][i] = ok.get(i).alpha();
            xy[1][i] = ok.get(i).testError();
            xy[2][i] = ok.get(i).testErrorErr();
        }
        return xy;
    }
}
