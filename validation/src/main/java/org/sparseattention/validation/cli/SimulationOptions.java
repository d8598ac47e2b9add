package org.sparseattention.validation.cli;

import picocli.CommandLine.Option;

/** Options of the finite-d simulation shared by simulate, validate and figure (a picocli mixin). */
public final class SimulationOptions {

    @Option(names = "--test-samples", paramLabel = "N", defaultValue = "0",
            description = "fresh test samples per trial; 0 = automatic (standard error <= 1e-3) (default: ${DEFAULT-VALUE})")
    int testSamples;

    /** Validated number of test samples (0 = automatic). */
    public int testSamples() {
        if (testSamples < 0) {
            throw new IllegalArgumentException("--test-samples must be >= 0 (0 = automatic), got " + testSamples);
        }
        return testSamples;
    }

    /** Checks a trial count. */
    public static int trials(int trials) {
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
        }
        return trials;
    }

    /** Checks dimensions. */
    public static int[] dims(int[] d) {
        for (int v : d) {
            if (v < 1) {
                throw new IllegalArgumentException("--d must be >= 1, got " + v);
            }
        }
        return d;
    }
}
