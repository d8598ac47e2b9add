package org.sparseattention.validation.cli;

import org.sparseattention.theory.TheoryOptions;

import picocli.CommandLine.Option;

/** Threads and numerical precision of the theory (a picocli mixin). */
public final class PrecisionOptions {

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--randomizations", paramLabel = "K", defaultValue = CliDefaults.RANDOMIZATIONS,
            description = "independent randomizations of the quasi-Monte Carlo points, >= 8 for reported "
                    + "error bars (default: ${DEFAULT-VALUE})")
    int randomizations;

    /** Default number of quasi-Monte Carlo points per class and randomization. */
    public static final int DEFAULT_QMC_POINTS = CliDefaults.QMC_POINTS;

    @Option(names = "--qmc-points", paramLabel = "N",
            description = "quasi-Monte Carlo points per class and randomization (default: " + CliDefaults.QMC_POINTS
                    + "; " + CliDefaults.CURVE_QMC_POINTS + " for curve's alpha1 curves without a grid)")
    Integer qmcPoints;

    @Option(names = "--hermite-nodes", paramLabel = "N", defaultValue = CliDefaults.HERMITE_NODES,
            description = "Gauss-Hermite nodes of one-dimensional averages (default: ${DEFAULT-VALUE})")
    int hermiteNodes;

    @Option(names = "--tolerance", paramLabel = "X", defaultValue = CliDefaults.TOLERANCE,
            description = "tolerance of the fixed-point equations (default: ${DEFAULT-VALUE})")
    double tolerance;

    private int pointsUsed;

    /** The quasi-Monte Carlo points of the last {@link #theory} call, 0 if none. */
    public int qmcPointsUsed() {
        return pointsUsed;
    }

    /** Most quasi-Monte Carlo points per class and randomization. */
    public static final int MAX_QMC_POINTS = 1 << 20;
    /** Most randomizations. */
    public static final int MAX_RANDOMIZATIONS = 1_024;
    /** Most points in all ({@code qmc-points x randomizations}): about 0.5 GB of cached points. */
    public static final long MAX_TOTAL_POINTS = 1L << 22;
    /** Smallest tolerance: the fixed points cannot be resolved below a few ulps of double precision. */
    public static final double MIN_TOLERANCE = 1e-14;

    /** Most worker threads: four per core. */
    public static int maxThreads() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /** Worker threads (validated). */
    public int threads() {
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (t < 1 || t > maxThreads()) {
            throw new IllegalArgumentException("--threads must lie in [1, " + maxThreads() + "] (4 per core, "
                    + Runtime.getRuntime().availableProcessors() + " cores), got " + t);
        }
        return t;
    }

    /**
     * Checks the limits of every precision option given (threads, points, randomizations,
     * tolerance), before any computation.
     *
     * @throws IllegalArgumentException naming the limit
     */
    public void validate() {
        threads();
        if (qmcPoints != null && qmcPoints > MAX_QMC_POINTS) {
            throw new IllegalArgumentException("--qmc-points must be <= " + MAX_QMC_POINTS + ", got " + qmcPoints);
        }
        if (randomizations > MAX_RANDOMIZATIONS) {
            throw new IllegalArgumentException("--randomizations must be <= " + MAX_RANDOMIZATIONS + ", got "
                    + randomizations);
        }
        if (!(tolerance >= MIN_TOLERANCE)) {
            throw new IllegalArgumentException("--tolerance must be >= " + MIN_TOLERANCE + " (double precision cannot "
                    + "resolve less), got " + tolerance);
        }
    }

    /** The theory options with the given seed and every core (validated). */
    public TheoryOptions theory(long seed) {
        return theory(seed, DEFAULT_QMC_POINTS);
    }

    /** The theory options, with {@code defaultPoints} unless {@code --qmc-points} is given. */
    public TheoryOptions theory(long seed, int defaultPoints) {
        int points = qmcPoints != null ? qmcPoints : defaultPoints;
        if (points > MAX_QMC_POINTS) {
            throw new IllegalArgumentException("--qmc-points must be <= " + MAX_QMC_POINTS + ", got " + points);
        }
        if (randomizations > MAX_RANDOMIZATIONS) {
            throw new IllegalArgumentException("--randomizations must be <= " + MAX_RANDOMIZATIONS + ", got "
                    + randomizations);
        }
        if ((long) points * randomizations > MAX_TOTAL_POINTS) {
            throw new IllegalArgumentException("--qmc-points x --randomizations must be <= " + MAX_TOTAL_POINTS
                    + " (the cached points would not fit in memory), got " + points + " x " + randomizations);
        }
        if (!(tolerance >= MIN_TOLERANCE)) {
            throw new IllegalArgumentException("--tolerance must be >= " + MIN_TOLERANCE + " (double precision cannot "
                    + "resolve less), got " + tolerance);
        }
        pointsUsed = points;
        return new TheoryOptions(seed, randomizations, points, hermiteNodes, tolerance, threads());
    }
}
