package org.sparseattention.theory;

/** A numerical failure of the theory (non-convergence, ...); the message carries the diagnostics. */
public class TheoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, with residuals and iteration counts */
    public TheoryException(String message) {
        super(message);
    }

    /** @param message what failed @param cause underlying failure */
    public TheoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
