package org.sparseattention.simulation.util;

import java.util.SplittableRandom;

/**
 * Seed derivation (docs/theory.md section 1, simulation side). Every random object of a trial
 * comes from its own {@link SplittableRandom} stream whose seed is a SplitMix64 mix of
 * {@code (trialSeed, streamId, index)}, so any sample can be regenerated on demand and
 * results do not depend on the order in which threads consume samples. The JDK
 * {@link SplittableRandom} (itself SplitMix64) is used for its speed, including
 * {@code nextGaussian}.
 */
public final class Seeds {
    /** Stream of the signal direction xi (index 0). */
    public static final int XI = 1;
    /** Stream of the query samples D0 (index = sample index). */
    public static final int D0 = 2;
    /** Stream of the readout samples D1 (index = sample index). */
    public static final int D1 = 3;
    /** Stream of exact low-dimensional test draws (index = chunk index). */
    public static final int TEST = 4;
    /** Stream of the random orthogonal part of a prescribed query (index 0). */
    public static final int QUERY = 5;
    /** Stream of full d-dimensional test draws (index = sample index), used for checks. */
    public static final int TEST_FULL = 6;
    /** Stream for solver randomness (coordinate order of dual CD). */
    public static final int SOLVER = 7;
    /** Stream of the held-out validation samples of the joint steps (index = sample index). */
    public static final int VALIDATION = 8;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** SplitMix64 finaliser. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Seed of trial {@code trial} of a run with master seed {@code seed}. */
    public static long trialSeed(long seed, int trial) {
        return mix(mix(seed + GOLDEN) + GOLDEN * ((long) trial + 1));
    }

    /** Independent stream {@code (streamId, index)} of a trial. */
    public static SplittableRandom stream(long trialSeed, int streamId, long index) {
        long s = mix(trialSeed ^ (GOLDEN * (streamId + 17L)));
        return new SplittableRandom(mix(s + GOLDEN * (index + 1)));
    }
}
