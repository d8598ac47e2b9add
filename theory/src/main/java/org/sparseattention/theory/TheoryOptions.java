package org.sparseattention.theory;

/**
 * Numerical settings shared by the theory solvers.
 *
 * @param seed            seed of the quasi-Monte Carlo random shifts
 * @param randomizations  number {@code K >= 2} of independent randomizations of the Sobol points
 *                        (docs/cli.md asks for {@code K >= 8} in reported error bars)
 * @param pointsPerClass  quasi-Monte Carlo points per class and randomization
 * @param hermiteNodes    Gauss-Hermite nodes for one-dimensional Gaussian averages
 * @param tolerance       convergence tolerance on the scaled residual of the fixed-point equations
 * @param threads         worker threads (randomizations are solved in parallel)
 */
public record TheoryOptions(long seed, int randomizations, int pointsPerClass, int hermiteNodes,
                            double tolerance, int threads) {

    /** Validates the settings. */
    public TheoryOptions {
        if (randomizations < 2) {
            throw new IllegalArgumentException("randomizations must be >= 2, got " + randomizations);
        }
        if (pointsPerClass < 16) {
            throw new IllegalArgumentException("points per class must be >= 16, got " + pointsPerClass);
        }
        if (hermiteNodes < 4 || hermiteNodes > 200) {
            throw new IllegalArgumentException("Gauss-Hermite nodes must lie in [4, 200], got " + hermiteNodes);
        }
        if (!(tolerance > 0 && tolerance < 1e-2)) {
            throw new IllegalArgumentException("tolerance must lie in (0, 1e-2), got " + tolerance);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** Returns a copy with another number of points per class. */
    public TheoryOptions withPointsPerClass(int n) {
        return new TheoryOptions(seed, randomizations, n, hermiteNodes, tolerance, threads);
    }

    /** Returns a copy with another number of randomizations. */
    public TheoryOptions withRandomizations(int k) {
        return new TheoryOptions(seed, k, pointsPerClass, hermiteNodes, tolerance, threads);
    }

    /** Returns a copy with another thread count. */
    public TheoryOptions withThreads(int t) {
        return new TheoryOptions(seed, randomizations, pointsPerClass, hermiteNodes, tolerance, t);
    }
}
