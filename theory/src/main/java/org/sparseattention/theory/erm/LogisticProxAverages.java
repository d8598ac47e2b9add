package org.sparseattention.theory.erm;

import org.sparseattention.theory.loss.LogisticLoss;
import org.sparseattention.theory.numerics.GaussHermiteRule;

/**
 * Logistic loss by Gauss-Hermite quadrature, in the margin variable: {@code u = y h} solves
 * {@code u = y h_c + tau sigma(-u)}, so {@code g = y sigma(-u)},
 * {@code dh = 1/(1 + tau sigma(u) sigma(-u))} and the loss is {@code log(1 + exp(-u))}.
 */
final class LogisticProxAverages implements ProxAverages {
    private final GaussHermiteRule rule;

    LogisticProxAverages(GaussHermiteRule rule) {
        this.rule = rule;
    }

    @Override
    public void average(double y, double mu, double sd, double tau, double[] out) {
        double eg = 0;
        double eg2 = 0;
        double e1 = 0;
        double el = 0;
        double a0 = y * mu;
        boolean withLoss = out.length > EQUATIONS;
        for (int i = 0; i < rule.size(); i++) {
            double u = LogisticLoss.proxMargin(a0 + sd * rule.node(i), tau);
            double sm = LogisticLoss.sigmoid(-u);
            double w = rule.weight(i);
            double curv = tau * sm * (1 - sm);
            eg += w * sm;
            eg2 += w * sm * sm;
            e1 += w * curv / (1 + curv);
            if (withLoss) {
                el += w * LogisticLoss.softplus(-u);
            }
        }
        out[0] = y * eg;
        out[1] = eg2;
        out[2] = e1;
        if (withLoss) {
            out[3] = el;
        }
    }
}
