package org.sparseattention.validation.cli;

import picocli.CommandLine.Option;

/** Options of the finite-d simulation shared by simulate, validate and figure (a picocli mixin). */
public final class SimulationOptions {

    @Option(names = "--test-samples", paramLabel = "N", defaultValue = "0",
            description = "fresh test samples per trial; 0 = automatic (standard error <= 1e-3) (default: ${DEFAULT-VALUE})")
    int testSamples;

    /** Fewest test samples accepted: a test error's standard error is then at most {@code 0.016}. */
    public static final int MIN_TEST_SAMPLES = 1_000;
    /** Most test samples per trial (a standard error of {@code 5e-5}; more would not finish in reasonable time). */
    public static final int MAX_TEST_SAMPLES = 100_000_000;
    /** Most trials per point. */
    public static final int MAX_TRIALS = 100_000;
    /** Most joint gradient steps after step 4. */
    public static final int MAX_JOINT_STEPS = 100_000;
    /** Largest dimension {@code d}. */
    public static final int MAX_D = 10_000_000;

    /** Validated number of test samples (0 = automatic). */
    public int testSamples() {
        if (testSamples != 0 && (testSamples < MIN_TEST_SAMPLES || testSamples > MAX_TEST_SAMPLES)) {
            throw new IllegalArgumentException("--test-samples must be 0 (automatic: standard error <= 1e-3) or lie in ["
                    + MIN_TEST_SAMPLES + ", " + MAX_TEST_SAMPLES + "] (fewer cannot estimate a test error, more cannot "
                    + "finish), got " + testSamples);
        }
        return testSamples;
    }

    /** Checks a trial count. */
    public static int trials(int trials) {
        if (trials < 1 || trials > MAX_TRIALS) {
            throw new IllegalArgumentException("--trials must lie in [1, " + MAX_TRIALS + "], got " + trials);
        }
        return trials;
    }

    /** Checks a number of joint steps. */
    public static int jointSteps(int steps) {
        if (steps < 0 || steps > MAX_JOINT_STEPS) {
            throw new IllegalArgumentException("--joint-steps must lie in [0, " + MAX_JOINT_STEPS + "], got " + steps);
        }
        return steps;
    }

    /** Checks dimensions. */
    public static int[] dims(int[] d) {
        for (int v : d) {
            if (v < 1 || v > MAX_D) {
                throw new IllegalArgumentException("--d must lie in [1, " + MAX_D + "], got " + v);
            }
        }
        return d;
    }
}
