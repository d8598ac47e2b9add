package org.sparseattention.theory.erm;

/** Outcome of solving one point of a curve (docs/theory.md section 6); only {@link #OK} carries values. */
public enum PointStatus {
    /** Solved, and the solution passed every check. */
    OK("ok"),
    /** No solution passing the checks, from a warm start nor from a cold one; no values. */
    FAILED("failed"),
    /** {@code lambda = 0} exactly at the loss's threshold, where the limit does not exist; no values. */
    SINGULAR("singular");

    private final String label;

    PointStatus(String label) {
        this.label = label;
    }

    /** Name in the CSV {@code status} column. */
    public String label() {
        return label;
    }
}
