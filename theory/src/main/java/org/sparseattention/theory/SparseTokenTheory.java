package org.sparseattention.theory;

import java.util.List;
import java.util.Optional;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.alignment.AlignmentTheory;
import org.sparseattention.theory.capacity.AttentionCapacity;
import org.sparseattention.theory.capacity.AttentionProposal;
import org.sparseattention.theory.capacity.CapacitySolver;
import org.sparseattention.theory.erm.ReadoutTheory;
import org.sparseattention.theory.law.AttentionLaw;
import org.sparseattention.theory.law.FeatureLaw;
import org.sparseattention.theory.law.GaussianLaw;
import org.sparseattention.theory.numerics.GaussHermiteRule;
import org.sparseattention.theory.numerics.SampleStatistics;
import org.sparseattention.theory.oracle.OracleErrors;

import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.capacity.CapacityResult;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.oracle.OracleResult;
import org.sparseattention.theory.oracle.ThetaNeeded;

/**
 * Facade of the theory module: configured once with the data model, the loss, the protocol of
 * steps 1-3, the ridge strength and the numerical options; thread-safe. The alignment of
 * section 4 is computed at construction (it is cheap); the attention law on first use.
 */
public final class SparseTokenTheory {
    private final SparseTokenParameters params;
    private final Loss loss;
    private final QueryProtocol protocol;
    private final double lambda;
    private final TheoryOptions options;
    private final AlignmentResult alignmentResult;
    private FeatureLaw attentionLaw;
    private AttentionProposal.Choice proposal;

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
        this.alignmentResult = new AlignmentTheory(new GaussHermiteRule(options.hermiteNodes()))
                .compute(params, loss, protocol);
    }

    /** Alignment of {@code w~1} and {@code q2} with the signal after steps 1-3 (section 4). */
    public AlignmentResult alignment() {
        return alignmentResult;
    }

    /**
     * Feature law of a model (section 5); for attention {@code kappa} and {@code s} come from
     * {@link #alignment()}, the law's quasi-Monte Carlo points are built once and cached, and they
     * are drawn from the proposal {@link AttentionProposal} chooses (plain or importance-sampled).
     */
    public synchronized FeatureLaw law(Model model) {
        switch (model) {
            case POOLED:
                return GaussianLaw.pooled(params);
            case VECTORIZED:
                return GaussianLaw.vectorized(params);
            default:
                if (attentionLaw == null) {
                    AttentionLaw plain = new AttentionLaw(params, alignmentResult.kappa(), alignmentResult.cosQXi(),
                            options.pointsPerClass(), options.randomizations(), options.seed());
                    proposal = AttentionProposal.choose(params, alignmentResult.kappa(), alignmentResult.cosQXi(),
                            plain, options.pointsPerClass(), options.seed());
                    attentionLaw = proposal.law();
                }
                return attentionLaw;
        }
    }

    /**
     * Step-4 ERM fixed point of section 6 at {@code alpha1}, solved with a homotopy from a cold start.
     * At {@code lambda = 0} the point's {@link ErmSolution#regime()} says which limit it is; a point
     * that cannot be solved is returned with a {@link ErmSolution#status()} other than {@code OK}.
     */
    public ErmSolution solve(Model model, double alpha1) {
        return curve(model, new double[] {alpha1}, ProgressListener.NONE).get(0);
    }

    /**
     * Step-4 ERM fixed points along a curve of {@code alpha1} values (section 6); each point's value
     * does not depend on the other points of the list, and no point aborts the curve (see
     * {@link ReadoutTheory#curve}).
     */
    public List<ErmSolution> curve(Model model, double[] alpha1, ProgressListener listener) {
        return new ReadoutTheory(model, law(model), loss, lambda, options)
                .curve(alpha1, listener == null ? ProgressListener.NONE : listener);
    }

    /**
     * The sampling proposal of the attention law ({@link AttentionProposal}): plain quasi-Monte Carlo or
     * the importance-sampling tilt, with the measured ratio of proxy spreads that decided it.
     */
    public synchronized AttentionProposal.Choice attentionProposal() {
        law(Model.ATTENTION);
        return proposal;
    }

    /** {@link #attentionProposal()} if the attention law has been built, else empty (nothing is computed). */
    public synchronized Optional<AttentionProposal.Choice> attentionProposalIfBuilt() {
        return Optional.ofNullable(proposal);
    }

    /** Relative error bar the attention capacity refines its points to (section 7). */
    public static final double CAPACITY_RELATIVE_TARGET = 0.004;

    /** Largest factor by which the attention capacity multiplies the configured points per class. */
    public static final int CAPACITY_MAX_REFINEMENT = 32;

    /**
     * Capacity {@code alpha*} of section 7 (attention: query from section 4). The Gaussian laws
     * are exact. The attention law is importance-sampled toward the rare events the Gardner
     * average lives on ({@link AttentionCapacity}); its error bar covers the spread over
     * randomizations and the finite-point bias (N against N/2 points), and its points double from
     * {@code pointsPerClass} until that bar is at most {@link #CAPACITY_RELATIVE_TARGET} of
     * {@code alpha*} (at most {@link #CAPACITY_MAX_REFINEMENT} times the points). {@code +Infinity}
     * (error NaN) only if every refinement is still separable.
     */
    public CapacityResult capacity(Model model) {
        return capacity(model, CAPACITY_RELATIVE_TARGET);
    }

    /**
     * Capacity as {@link #capacity(Model)}, with the attention estimate refined until its error bar
     * is at most {@code relativeTarget} of {@code alpha*} (in {@code (0, 1)}; a looser target is
     * cheaper, e.g. for phase diagrams).
     */
    public CapacityResult capacity(Model model, double relativeTarget) {
        if (!(relativeTarget > 0 && relativeTarget < 1)) {
            throw new IllegalArgumentException("relative target must lie in (0, 1), got " + relativeTarget);
        }
        FeatureLaw law = law(model);
        if (model == Model.ATTENTION && !law.exact()) {
            int n = options.pointsPerClass();
            return new AttentionCapacity().estimate(params, alignmentResult.kappa(), alignmentResult.cosQXi(), n,
                    n * CAPACITY_MAX_REFINEMENT, relativeTarget, options.randomizations(),
                    options.seed()).result();
        }
        CapacitySolver solver = new CapacitySolver(1e-10, 100);
        int k = law.randomizations();
        double[] a = new double[k];
        double grad = 0;
        int it = 0;
        for (int r = 0; r < k; r++) {
            CapacitySolver.Minimum min = solver.minimize(law.mixture(r));
            a[r] = min.unbounded() ? Double.POSITIVE_INFINITY : law.gamma() / min.minimum();
            grad = FastMath.max(grad, min.gradientNorm());
            it += min.iterations();
        }
        double mean = SampleStatistics.mean(a);
        return new CapacityResult(model, mean, Double.isInfinite(mean) ? Double.NaN : SampleStatistics.standardError(a),
                grad, it);
    }

    /** Oracle error of section 8 for one model at {@code (L, R, pi, theta)}. */
    public static OracleResult oracle(Model model, SparseTokenParameters params, TheoryOptions options) {
        return OracleErrors.error(model, params, options);
    }

    /** Smallest {@code theta} whose oracle error is at most {@code targetError} (section 8). */
    public static ThetaNeeded thetaNeeded(Model model, int L, int R, double pi, double targetError,
                                          TheoryOptions options) {
        return OracleErrors.thetaNeeded(model, L, R, pi, targetError, options);
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
