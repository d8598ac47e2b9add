package org.sparseattention.theory;

import java.util.List;

import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.oracle.OracleResult;
import org.sparseattention.theory.oracle.ThetaNeeded;

/**
 * Facade of the theory module: configured once with the data model, the loss, the protocol of
 * steps 1-3, the ridge strength and the numerical options; thread-safe.
 */
public final class SparseTokenTheory {
    private final SparseTokenParameters params;
    private final Loss loss;
    private final QueryProtocol protocol;
    private final double lambda;
    private final TheoryOptions options;

    /**
     * @param params   data model (section 1)
     * @param loss     loss of steps 1-3 and of the step-4 ERM
     * @param protocol steps 1-3 hyper-parameters and {@code beta}
     * @param lambda   ridge strength of the step-4 ERM, {@code >= 0}
     * @param options  numerical settings
     */
    public SparseTokenTheory(SparseTokenParameters params, Loss loss, QueryProtocol protocol, double lambda,
                             TheoryOptions options) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got " + lambda);
        }
        this.params = params;
        this.loss = loss;
        this.protocol = protocol;
        this.lambda = lambda;
        this.options = options;
    }

    /** Alignment of {@code w~1} and {@code q2} with the signal after steps 1-3 (section 4). */
    public AlignmentResult alignment() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Step-4 ERM fixed point of section 6 at {@code alpha1}, solved with a homotopy from a cold start. */
    public ErmSolution solve(Model model, double alpha1) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Step-4 ERM fixed points along a curve of {@code alpha1} values, by continuation (section 6). */
    public List<ErmSolution> curve(Model model, double[] alpha1, ProgressListener listener) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Capacity {@code alpha*} of section 7 (attention: query from section 4). */
    public CapacityResult capacity(Model model) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Oracle error of section 8 for one model at {@code (L, R, pi, theta)}. */
    public static OracleResult oracle(Model model, SparseTokenParameters params, TheoryOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Smallest {@code theta} whose oracle error is at most {@code targetError} (section 8). */
    public static ThetaNeeded thetaNeeded(Model model, int L, int R, double pi, double targetError,
                                          TheoryOptions options) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public SparseTokenParameters params() {
        return params;
    }

    public Loss loss() {
        return loss;
    }

    public QueryProtocol protocol() {
        return protocol;
    }

    public double lambda() {
        return lambda;
    }

    public TheoryOptions options() {
        return options;
    }
}
