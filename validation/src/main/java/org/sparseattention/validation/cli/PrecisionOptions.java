package org.sparseattention.validation.cli;

import org.sparseattention.theory.TheoryOptions;

import picocli.CommandLine.Option;

/** Threads and numerical precision of the theory (a picocli mixin). */
public final class PrecisionOptions {

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--randomizations", paramLabel = "K", defaultValue = "8",
            description = "independent randomizations of the quasi-Monte Carlo points, >= 8 for reported "
                    + "error bars (default: ${DEFAULT-VALUE})")
    int randomizations;

    /** Default number of quasi-Monte Carlo points per class and randomization. */
    public static final int DEFAULT_QMC_POINTS = TheoryOptions.defaults(0).pointsPerClass();

    @Option(names = "--qmc-points", paramLabel = "N",
            description = "quasi-Monte Carlo points per class and randomization (default: 512)")
    Integer qmcPoints;

    @Option(names = "--hermite-nodes", paramLabel = "N", defaultValue = "24",
            description = "Gauss-Hermite nodes of one-dimensional averages (default: ${DEFAULT-VALUE})")
    int hermiteNodes;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = "1e-8",
            description = "tolerance of the fixed-point equations (default: ${DEFAULT-VALUE})")
    double tolerance;

    private int pointsUsed;

    /** The quasi-Monte Carlo points of the last {@link #theory} call, 0 if none. */
    public int qmcPointsUsed() {
        return pointsUsed;
    }

    /** Worker threads (validated). */
    public int threads() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1) {
            throw new IllegalArgumentException("--threads must be >= 1, got " + t);
        }
        return t;
    }

    /** The theory options with the given seed and every core (validated). */
    public TheoryOptions theory(long seed) {
        return theory(seed, DEFAULT_QMC_POINTS);
    }

    /** The theory options, with {@code defaultPoints} unless {@code --qmc-points} is given. */
    public TheoryOptions theory(long seed, int defaultPoints) {
        int points = qmcPoints != null ? qmcPoints : defaultPoints;
        pointsUsed = points;
        return new TheoryOptions(seed, randomizations, points, hermiteNodes, tolerance, threads());
    }
}
