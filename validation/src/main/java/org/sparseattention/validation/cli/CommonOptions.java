package org.sparseattention.validation.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import org.sparseattention.theory.Model;
import org.sparseattention.validation.core.ModelSettings;

import picocli.CommandLine.Option;

/** The common options of the command line (docs/cli.md), shared by every subcommand (a picocli mixin). */
public final class CommonOptions {

    @Option(names = "--L", paramLabel = "INT", converter = IntList.Converter.class, defaultValue = CliDefaults.L,
            description = "sequence length (integer; oracle takes a LIST) (default: ${DEFAULT-VALUE})")
    IntList length;

    @Option(names = "--R", paramLabel = "INT", defaultValue = CliDefaults.R,
            description = "signal tokens per positive sample (default: ${DEFAULT-VALUE})")
    int signalTokens;

    @Option(names = "--pi", paramLabel = "P", defaultValue = CliDefaults.PI, description = "P(y = +1) (default: ${DEFAULT-VALUE})")
    double pi;

    @Option(names = "--theta", paramLabel = "X", converter = DoubleList.Converter.class, defaultValue = CliDefaults.THETA,
            description = "signal strength (oracle takes a LIST) (default: ${DEFAULT-VALUE})")
    DoubleList theta;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = CliDefaults.LOSS,
            description = "square, logistic or hinge (default: ${DEFAULT-VALUE})")
    String loss;

    @Option(names = "--lambda", paramLabel = "X", converter = LambdaOption.Converter.class, defaultValue = CliDefaults.LAMBDA,
            description = "ridge strength of the step-4 ERM; curve and figure also take a LIST or opt "
                    + "(the test-error-minimising ridge per point) (default: ${DEFAULT-VALUE})")
    LambdaOption lambda;

    @Option(names = "--beta", paramLabel = "X", defaultValue = CliDefaults.BETA,
            description = "softmax inverse temperature (default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--eta", paramLabel = "X", defaultValue = CliDefaults.ETA,
            description = "sets --eta-b, --eta-w, --eta-q together (default: ${DEFAULT-VALUE})")
    double eta;

    @Option(names = "--eta-b", paramLabel = "X", description = "step size of the bias step (default: --eta)")
    Double etaB;

    @Option(names = "--eta-w", paramLabel = "X", description = "step size of the readout step (default: --eta)")
    Double etaW;

    @Option(names = "--eta-q", paramLabel = "X", description = "step size of the query step (default: --eta)")
    Double etaQ;

    @Option(names = "--alpha0", paramLabel = "X", converter = DoubleList.Converter.class, defaultValue = CliDefaults.ALPHA0,
            description = "n0/d for the query steps (align takes a LIST) (default: ${DEFAULT-VALUE})")
    DoubleList alpha0;

    @Option(names = "--models", paramLabel = "LIST", defaultValue = CliDefaults.MODELS,
            description = "comma list of attention, pooled, vectorized (default: ${DEFAULT-VALUE})")
    String models;

    @Option(names = "--seed", paramLabel = "N", defaultValue = CliDefaults.SEED,
            description = "random seed (quasi-Monte Carlo and simulation) (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output directory, holds exactly one complete run (default: out/<command>)")
    String out;

    @Option(names = "--print-table", description = "print every row of the result tables on standard output "
            + "(default: a summary when a table has more than " + RunContext.MAX_PRINTED_ROWS + " rows)")
    boolean printTable;

    /** The sequence length, which must be a single integer here. */
    public int L() {
        return length.single("--L");
    }

    /** Every sequence length given. */
    public int[] Ls() {
        return length.values();
    }

    /** The signal strength, which must be a single number here. */
    public double theta() {
        return theta.single("--theta");
    }

    /** Every signal strength given. */
    public double[] thetas() {
        return theta.values();
    }

    /** {@code alpha0}, which must be a single number here. */
    public double alpha0() {
        return alpha0.single("--alpha0");
    }

    /** Every {@code alpha0} given. */
    public double[] alpha0s() {
        return alpha0.values();
    }

    /** The {@code --lambda} value as given (a number, a list, or {@code opt}). */
    public LambdaOption lambda() {
        return lambda;
    }

    /**
     * The settings with the first {@code --lambda} value (0.01 for {@code opt}), for commands that
     * take a lambda list or {@code opt} and set the ridge per point.
     */
    public ModelSettings settingsAnyLambda() {
        double lam = lambda.optimise() ? 0.01 : lambda.values()[0];
        return new ModelSettings(L(), signalTokens, pi, theta(), loss, lam, beta, etaB != null ? etaB : eta,
                etaW != null ? etaW : eta, etaQ != null ? etaQ : eta, alpha0());
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The selected models, in the given order, without repetitions. */
    public List<Model> models() {
        LinkedHashSet<Model> set = new LinkedHashSet<>();
        for (String s : models.split(",", -1)) {
            set.add(Model.parse(s));
        }
        return new ArrayList<>(set);
    }

    /** The output directory of {@code command}. */
    public Path out(String command) {
        return Path.of(outText(command));
    }

    /** The output directory of {@code command} as given ({@code out/<command>} by default). */
    public String outText(String command) {
        return out != null ? out : "out/" + command;
    }

    /**
     * The settings of a single-valued run (validates every value).
     *
     * @throws IllegalArgumentException on any invalid value
     */
    public ModelSettings settings() {
        return settings(L(), theta(), alpha0());
    }

    /** The settings with {@code L}, {@code theta}, {@code alpha0} given explicitly (list commands). */
    public ModelSettings settings(int l, double th, double a0) {
        return new ModelSettings(l, signalTokens, pi, th, loss, lambda.single(), beta, etaB != null ? etaB : eta,
                etaW != null ? etaW : eta, etaQ != null ? etaQ : eta, a0);
    }
}
