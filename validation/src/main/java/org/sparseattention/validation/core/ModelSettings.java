package org.sparseattention.validation.core;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.loss.Loss;
import org.sparseattention.theory.loss.Losses;

/**
 * Every model and protocol parameter of one run (docs/cli.md common options), shared by the theory
 * and the simulation. The constructor validates everything except the relation {@code R < L},
 * which {@link #isDefined()} reports (grid points with {@code R >= L} are undefined, not errors).
 *
 * @param L      sequence length, {@code 2 <= L <= 20000}
 * @param R      signal tokens per positive sample, {@code >= 1}
 * @param pi     class prior in (0,1)
 * @param theta  signal strength, {@code 0 <= theta <= 1000}
 * @param loss   loss name ({@code square}, {@code logistic}, {@code hinge})
 * @param lambda ridge strength, {@code >= 0}
 * @param beta   softmax inverse temperature, {@code > 0}
 * @param etaB   bias step size
 * @param etaW   readout step size
 * @param etaQ   query step size
 * @param alpha0 {@code n0/d}
 */
public record ModelSettings(int L, int R, double pi, double theta, String loss, double lambda, double beta,
                            double etaB, double etaW, double etaQ, double alpha0) {

    /** Validates the ranges (not {@code R < L}). */
    public ModelSettings {
        if (L < 2 || L > SparseTokenParameters.MAX_L) {
            throw new IllegalArgumentException("L must be an integer in [2, " + SparseTokenParameters.MAX_L
                    + "] (the supported range), got L=" + L);
        }
        if (R < 1) {
            throw new IllegalArgumentException("R must be an integer >= 1, got R=" + R);
        }
        if (!(pi > 0 && pi < 1)) {
            throw new IllegalArgumentException("pi must lie strictly between 0 and 1, got pi=" + pi);
        }
        if (!(theta >= 0 && theta <= SparseTokenParameters.MAX_THETA)) {
            throw new IllegalArgumentException("theta must lie in [0, " + (int) SparseTokenParameters.MAX_THETA
                    + "] (the supported range), got theta=" + theta);
        }
        loss = Losses.byName(loss).name();
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("lambda must be finite and >= 0, got lambda=" + lambda);
        }
        new QueryProtocol(beta, etaB, etaW, etaQ, alpha0);
    }

    /** Whether the data model exists ({@code R < L}). */
    public boolean isDefined() {
        return R < L;
    }

    /**
     * The data-model parameters.
     *
     * @throws IllegalArgumentException if {@code R >= L}
     */
    public SparseTokenParameters params() {
        return new SparseTokenParameters(L, R, pi, theta);
    }

    /** The protocol of steps 1-3. */
    public QueryProtocol protocol() {
        return new QueryProtocol(beta, etaB, etaW, etaQ, alpha0);
    }

    /** The loss function. */
    public Loss lossFunction() {
        return Losses.byName(loss);
    }

    /**
     * The theory at these settings.
     *
     * @throws IllegalArgumentException if {@code R >= L}
     */
    public SparseTokenTheory theory(TheoryOptions options) {
        return new SparseTokenTheory(params(), lossFunction(), protocol(), lambda, options);
    }

    /**
     * The simulation configuration at these settings.
     *
     * @param d           embedding dimension
     * @param alpha1      {@code n1/d}
     * @param testSamples fresh test samples per trial (0 = automatic)
     * @param jointSteps  joint gradient steps after step 4
     * @param jointEta    their step size
     * @throws IllegalArgumentException on invalid values
     */
    public SimulationConfig simulation(int d, double alpha1, int testSamples, int jointSteps, double jointEta) {
        return new SimulationConfig(L, R, pi, theta, LossKind.parse(loss), lambda, beta, etaB, etaW, etaQ, alpha0,
                d, alpha1, testSamples, jointSteps, jointEta);
    }

    /** The simulation's name of a theory model. */
    public static SimModel sim(Model m) {
        return SimModel.valueOf(m.name());
    }

    /** A copy with one grid parameter replaced. */
    public ModelSettings with(GridParameter p, double value) {
        return switch (p) {
            case THETA -> new ModelSettings(L, R, pi, value, loss, lambda, beta, etaB, etaW, etaQ, alpha0);
            case L -> new ModelSettings((int) value, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0);
            case PI -> new ModelSettings(L, R, value, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0);
            case R -> new ModelSettings(L, (int) value, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, alpha0);
            case ALPHA0 -> new ModelSettings(L, R, pi, theta, loss, lambda, beta, etaB, etaW, etaQ, value);
            case BETA -> new ModelSettings(L, R, pi, theta, loss, lambda, value, etaB, etaW, etaQ, alpha0);
            case ETA -> new ModelSettings(L, R, pi, theta, loss, lambda, beta, value, value, value, alpha0);
            case LAMBDA -> new ModelSettings(L, R, pi, theta, loss, value, beta, etaB, etaW, etaQ, alpha0);
        };
    }

    /** Short human-readable summary for plot titles. */
    public String summary() {
        String eta = etaB == etaW && etaW == etaQ ? "eta=" + g(etaB)
                : "eta_b,w,q=" + g(etaB) + "," + g(etaW) + "," + g(etaQ);
        return "L=" + L + " R=" + R + " pi=" + g(pi) + " theta=" + g(theta) + " " + loss + " lambda=" + g(lambda)
                + " beta=" + g(beta) + " " + eta + " alpha0=" + g(alpha0);
    }

    /** The summary without the parameters named in {@code omit} (e.g. the swept ones). */
    public String summaryWithout(java.util.Collection<String> omit) {
        StringBuilder sb = new StringBuilder();
        for (String token : summary().split(" ")) {
            String key = token.contains("=") ? token.substring(0, token.indexOf('=')) : token;
            if (!omit.contains(key)) {
                sb.append(sb.length() > 0 ? " " : "").append(token);
            }
        }
        return sb.toString();
    }

    /** Compact text of a number: {@code 10}, {@code 0.5}, {@code 0.01}, {@code 1.234e-05}. */
    public static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(java.util.Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
