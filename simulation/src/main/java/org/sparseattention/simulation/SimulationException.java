package org.sparseattention.simulation;

/**
 * A numerical failure of the simulation (a solver that did not converge, or an ERM without
 * minimiser such as logistic loss with {@code lambda = 0} on linearly separable data).
 * The message carries the diagnostics (gradient norm or duality gap, iterations).
 */
public class SimulationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message one-line diagnostics */
    public SimulationException(String message) {
        super(message);
    }
}
