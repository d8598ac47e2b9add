package org.sparseattention.theory;

/**
 * Raised when a point asked for lies in a regime where the ERM of THEORY.md section 6 has no
 * finite solution (e.g. logistic loss at {@code lambda = 0} below the capacity); the message
 * names the regime.
 */
public class SingularRegimeException extends TheoryException {
    private static final long serialVersionUID = 1L;

    /** @param message the regime and why it is singular */
    public SingularRegimeException(String message) {
        super(message);
    }
}
