package org.sparseattention.validation.cli;

/** Exit codes of docs/cli.md. */
public final class ExitCodes {
    /** Success. */
    public static final int OK = 0;
    /** Numerical failure (with diagnostics). */
    public static final int NUMERICAL_FAILURE = 1;
    /** Bad input (one clear line on standard error). */
    public static final int BAD_INPUT = 2;
    /** A validation verdict failed. */
    public static final int VALIDATION_FAILED = 3;
    /**
     * A validation is inconclusive: no test rejects, but the design (trials, dimensions) cannot
     * detect a 5% relative error, or the capacity check could not be made.
     */
    public static final int INCONCLUSIVE = 4;

    private ExitCodes() {
    }
}
