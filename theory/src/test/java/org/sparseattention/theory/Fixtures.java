package org.sparseattention.theory;

/**
 * The reference point the tests use (the command line's defaults at the time the tests were
 * written; the library itself has no defaults): {@code L=10, R=1, pi=0.5, theta=5},
 * {@code beta=10, eta=0.5, alpha0=2}, and {@code K=8} randomizations of 512 points per class,
 * 24 Gauss-Hermite nodes, tolerance {@code 1e-8}.
 */
public final class Fixtures {
    private Fixtures() {
    }

    /** {@code L=10, R=1, pi=0.5, theta=5}. */
    public static SparseTokenParameters params() {
        return new SparseTokenParameters(10, 1, 0.5, 5.0);
    }

    /** {@code beta=10}, every step size 0.5, {@code alpha0=2}. */
    public static QueryProtocol protocol() {
        return new QueryProtocol(10, 0.5, 0.5, 0.5, 2);
    }

    /** {@code K=8} randomizations of 512 points per class, 24 nodes, tolerance 1e-8, every core. */
    public static TheoryOptions options(long seed) {
        return new TheoryOptions(seed, 8, 512, 24, 1e-8, Runtime.getRuntime().availableProcessors());
    }
}
