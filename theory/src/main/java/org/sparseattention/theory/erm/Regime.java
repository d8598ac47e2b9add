package org.sparseattention.theory.erm;

/**
 * Which solution of the step-4 ERM a point reports (docs/theory.md section 6, ridge down to zero).
 */
public enum Regime {
    /** {@code lambda > 0}: the ridge solution. */
    RIDGE("ridge"),
    /** Square loss, {@code lambda = 0}, {@code alpha < gamma}: the minimum-norm interpolator. */
    INTERPOLATING("interpolating"),
    /**
     * Hinge or logistic loss, {@code lambda = 0}, {@code alpha < alpha*}: the max-margin classifier
     * (margin 1 for hinge; for logistic only its direction, the norm diverges).
     */
    MAX_MARGIN("max-margin"),
    /** {@code lambda = 0} above the threshold: the unpenalised minimiser. */
    UNREGULARISED("unregularised");

    private final String label;

    Regime(String label) {
        this.label = label;
    }

    /** Name in the CSV {@code regime} column. */
    public String label() {
        return label;
    }
}
