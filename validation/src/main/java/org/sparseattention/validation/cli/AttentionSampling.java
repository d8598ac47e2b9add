package org.sparseattention.validation.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.capacity.AttentionProposal;

/**
 * The manifest's record of how the attention law was sampled ({@code attention_sampling}): plain randomized
 * quasi-Monte Carlo points or the importance-sampling tilt, and the measured ratio of proxy spreads that chose
 * it. A run's attention values and error bars depend on that choice, so a reader can see which was made.
 */
final class AttentionSampling {
    private AttentionSampling() {
    }

    /**
     * Records the proposal of {@code theory}'s attention law if it was built (a run without attention records
     * nothing).
     */
    static void record(RunContext ctx, SparseTokenTheory theory) {
        theory.attentionProposalIfBuilt().ifPresent(c -> ctx.manifest("attention_sampling", of(c)));
    }

    /** The manifest entry of a proposal. */
    static Map<String, Object> of(AttentionProposal.Choice c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("proposal", c.tilt().plain() ? "plain"
                : "tilted (importance-sampled toward low attention on the signal)");
        // NaN (no comparison: an exact law or a single randomization) is written as null
        m.put("spread_ratio", c.ratio());
        m.put("rule", "tilted when the proxy's spread under the tilt is below " + AttentionProposal.KEEP_RATIO
                + " of its spread under plain points");
        return m;
    }
}
