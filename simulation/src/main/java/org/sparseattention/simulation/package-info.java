/**
 * Finite-d realisation of the sparse-token model (docs/theory.md sections 1 to 3, separability of
 * section 7).
 *
 * <p>Entry points: {@link org.sparseattention.simulation.Simulator} (trials of the attention
 * protocol and of the pooled/vectorized baselines) and
 * {@link org.sparseattention.simulation.SeparabilityExperiment} (finite-d capacity).
 * Randomness: every sample has its own {@code SplittableRandom} stream seeded by a SplitMix64
 * mix of {@code (trialSeed, stream, index)} ({@link org.sparseattention.simulation.util.Seeds}),
 * so samples are regenerated instead of stored and all results are bit-identical whatever
 * the number of threads. Numerical failures raise
 * {@link org.sparseattention.simulation.SimulationException}; bad parameters raise
 * {@link java.lang.IllegalArgumentException} with a one-line message.
 */
package org.sparseattention.simulation;
