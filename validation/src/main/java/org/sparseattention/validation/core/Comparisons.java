package org.sparseattention.validation.core;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.sparseattention.simulation.TrialResult;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.alignment.AlignmentResult;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.validation.stats.SampleSummary;

/** Builds the rows of {@code validate.csv} from theory values and simulated points. */
public final class Comparisons {
    /** Quantity names of docs/cli.md. */
    public static final String TEST_ERROR = "test_error";
    /** Training loss without penalty. */
    public static final String TRAIN_LOSS = "train_loss";
    /** {@code cos(q2, xi)} (attention only). */
    public static final String COS_Q_XI = "cos_q_xi";

    private Comparisons() {
    }

    /**
     * Compares one simulated point with the theory.
     *
     * @param loss      loss name
     * @param erm       theory of the step-4 ERM at the point's {@code alpha1}
     * @param alignment theory of steps 1-3 (used for attention)
     * @param point     simulated trials
     * @return test_error and train_loss rows, plus cos_q_xi for attention
     */
    public static List<Comparison> of(String loss, ErmSolution erm, AlignmentResult alignment, SimPoint point) {
        List<Comparison> out = new ArrayList<>();
        out.add(row(loss, point, TEST_ERROR, erm.testError(), erm.testErrorErr(), TrialResult::testError));
        out.add(row(loss, point, TRAIN_LOSS, erm.trainLoss(), erm.trainLossErr(), TrialResult::trainLoss));
        if (point.model() == Model.ATTENTION) {
            out.add(row(loss, point, COS_Q_XI, alignment.cosQXi(), 0, TrialResult::cosQXi));
        }
        return out;
    }

    private static Comparison row(String loss, SimPoint p, String quantity, double theory, double theoryErr,
                                  ToDoubleFunction<TrialResult> f) {
        SampleSummary s = p.summary(f);
        return new Comparison(p.model().label(), loss, p.alpha1(), p.d(), quantity, theory, theoryErr, s.mean(),
                s.stderr(), s.std(), s.n());
    }
}
