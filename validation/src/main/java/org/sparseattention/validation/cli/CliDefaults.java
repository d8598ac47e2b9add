package org.sparseattention.validation.cli;

/**
 * The defaults of the command line (docs/cli.md, common options and precision options), in one
 * place. They belong to the command line, not to the library: the theory and simulation classes
 * take every value explicitly. The strings feed picocli's {@code defaultValue}; the numbers are the
 * same values for code that needs them.
 */
public final class CliDefaults {
    /** Sequence length {@code L}. */
    public static final String L = "10";
    /** Signal tokens per positive sample {@code R}. */
    public static final String R = "1";
    /** Class prior {@code pi}. */
    public static final String PI = "0.5";
    /** Signal strength {@code theta}. */
    public static final String THETA = "5";
    /** Loss of the step-4 ERM. */
    public static final String LOSS = "logistic";
    /** Ridge strength of the step-4 ERM. */
    public static final String LAMBDA = "0.01";
    /** Softmax inverse temperature {@code beta}. */
    public static final String BETA = "10";
    /** Step size of steps 1-3 (bias, readout, query). */
    public static final String ETA = "0.5";
    /** {@code alpha0 = n0/d} of the query data set. */
    public static final String ALPHA0 = "2";
    /** Models compared. */
    public static final String MODELS = "attention,pooled,vectorized";
    /** Random seed. */
    public static final String SEED = "1";
    /** Independent randomizations of the quasi-Monte Carlo points. */
    public static final String RANDOMIZATIONS = "8";
    /** Quasi-Monte Carlo points per class and randomization. */
    public static final int QMC_POINTS = 512;
    /**
     * Quasi-Monte Carlo points per class and randomization of {@code curve}'s {@code alpha1} curves (no grid):
     * the attention law's test-error bars on the default curve are 0.4e-4 ... 1.6e-4 over seeds 1-6, against
     * 0.6e-4 ... 2.2e-4 at 512 points (one seed of six above 2e-4) and 0.4e-4 ... 1.3e-4 at 1024; grids keep
     * {@link #QMC_POINTS}.
     */
    public static final int CURVE_QMC_POINTS = 768;
    /** Gauss-Hermite nodes of one-dimensional averages. */
    public static final String HERMITE_NODES = "24";
    /** Tolerance of the fixed-point equations. */
    public static final String TOLERANCE = "1e-8";

    private CliDefaults() {
    }
}
