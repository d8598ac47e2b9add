package org.sparseattention.theory.alignment;

import org.hipparchus.util.FastMath;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.numerics.Gaussian;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/**
 * Limits of training steps 1-3 as {@code d -> infinity} at fixed {@code alpha0} (docs/theory.md section 4).
 * The Gaussian averages {@code H1, H1+, H2, H2+} use Gauss-Hermite quadrature, except for the
 * hinge loss whose {@code l'} is a step function: there they are {@code Phi} in closed form.
 */
public final class AlignmentTheory {
    private final GaussHermiteRule rule;

    /** @param rule quadrature rule for the one-dimensional Gaussian averages */
    public AlignmentTheory(GaussHermiteRule rule) {
        this.rule = rule;
    }

    /**
     * Section 4: {@code b1}, {@code m_w}, {@code r_w}, the step-1 predictions
     * {@code yhat1 | y ~ N(mu_y, sigma1^2)}, the averages {@code H*}, then
     * {@code q2 = a_xi xi + a_w w~1 + N_q} and its overlap with {@code xi}.
     */
    public AlignmentResult compute(SparseTokenParameters p, Loss loss, QueryProtocol t) {
        int L = p.L();
        int R = p.R();
        double pi = p.pi();
        double theta = p.theta();
        double b1 = -t.etaB() * (pi * loss.derivative(1, 0) + (1 - pi) * loss.derivative(-1, 0));
        double cPlus = -loss.derivative(1, b1);
        double cMinus = -loss.derivative(-1, b1);
        double ec2 = pi * cPlus * cPlus + (1 - pi) * cMinus * cMinus;
        double mW = t.etaW() * pi * cPlus * theta * R / L;
        double rW2 = t.etaW() * t.etaW() * ec2 / (t.alpha0() * L);
        double w2 = mW * mW + rW2;
        double cosW = w2 > 0 ? mW / FastMath.sqrt(w2) : 0;

        double muPlus = b1 + mW * theta * R / L + t.etaW() * cPlus / (t.alpha0() * L);
        double muMinus = b1 + t.etaW() * cMinus / (t.alpha0() * L);
        double sigma1 = FastMath.sqrt(w2 / L);
        double[] plus = moments(loss, 1, muPlus, sigma1);
        double[] minus = moments(loss, -1, muMinus, sigma1);
        double h1Plus = pi * plus[0];
        double h1 = h1Plus + (1 - pi) * minus[0];
        double h2Plus = pi * plus[1];
        double h2 = h2Plus + (1 - pi) * minus[1];

        double dd = theta * theta * R * (L - R) / (double) L;
        double c = t.etaQ() * t.beta() / L;
        double aW = t.etaQ() * t.beta() * (L - 1) / L * h1;
        double aXi = c * dd * mW * h1Plus;
        double nq2 = c * c / t.alpha0() * ((L - 1) * h2 * w2 + mW * mW * dd * h2Plus);
        double qDotXi = aXi + aW * mW;
        double qNorm = FastMath.sqrt(qDotXi * qDotXi + aW * aW * rW2 + nq2);
        double sQ = qNorm > 0 ? qDotXi / qNorm : 0;
        return new AlignmentResult(b1, mW, FastMath.sqrt(rW2), cosW, qDotXi, qNorm, sQ, t.beta() * qNorm,
                h1, h1Plus, h2, h2Plus);
    }

    /** {@code (E[h], E[h^2])} with {@code h = -l'(y, x)}, {@code x ~ N(mu, sigma^2)}. */
    private double[] moments(Loss loss, double y, double mu, double sigma) {
        if (loss.kind() == Loss.Kind.HINGE) {
            // h = y 1{y x < 1}: P(y x < 1) = Phi((1 - y mu)/sigma)
            double pr = sigma > 0 ? Gaussian.cdf((1 - y * mu) / sigma) : (y * mu < 1 ? 1 : 0);
            return new double[] {y * pr, pr};
        }
        double e1 = 0;
        double e2 = 0;
        for (int i = 0; i < rule.size(); i++) {
            double h = -loss.derivative(y, mu + sigma * rule.node(i));
            e1 += rule.weight(i) * h;
            e2 += rule.weight(i) * h * h;
        }
        return new double[] {e1, e2};
    }
}
