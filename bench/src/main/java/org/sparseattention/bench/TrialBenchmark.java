package org.sparseattention.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.Simulator;
import org.sparseattention.simulation.TrialResult;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.ErmResult;
import org.sparseattention.simulation.erm.ErmSolvers;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.protocol.AttentionProtocol;
import org.sparseattention.simulation.protocol.DesignBuilder;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/**
 * Wall-clock benchmark of whole simulation trials (data, steps 1-3, ERM, test error at the
 * default test size) and of the step-4 fit alone on the same design. Not a test. Usage:
 * {@code java -cp bench/target/sta-bench.jar:validation/target/sta.jar org.sparseattention.bench.TrialBenchmark
 * [model] [d] [trials] [threads] [loss] [jointSteps]} (defaults: attention 1000 3 2 logistic 0;
 * L=10, R=1, pi=0.5, theta=5, lambda=0.01, beta=10, eta=0.5, alpha0=2, alpha1=4: the sizes of
 * {@code simulation/bench/sklearn_compare.py}). Prints one line per trial with {@code seconds=}
 * (whole trial) and {@code fit_seconds=} (the ERM solve alone), then the peak heap used.
 */
public final class TrialBenchmark {
    private TrialBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) {
        SimModel model = SimModel.parse(args.length > 0 ? args[0] : "attention");
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int trials = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        LossKind loss = LossKind.parse(args.length > 4 ? args[4] : "logistic");
        int joint = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        SimulationConfig cfg = SimulationConfig.of(10, 1, 0.5, 5, loss, 0.01, 10, 0.5, 2, d, 4).withJoint(joint, 0.5);
        try (Simulator sim = new Simulator(threads); ChunkedExecutor ex = new ChunkedExecutor(threads)) {
            // warm-up at a small size (JIT)
            sim.runTrial(model, cfg.withD(Math.min(200, d)), 99, 7L);
            fitSeconds(model, cfg.withD(Math.min(200, d)), 99, 7L, ex);
            for (int t = 0; t < trials; t++) {
                long t0 = System.nanoTime();
                TrialResult r = sim.runTrial(model, cfg, t, 1L);
                double sec = (System.nanoTime() - t0) / 1e9;
                double fit = fitSeconds(model, cfg, t, 1L, ex);
                System.out.printf(Locale.ROOT,
                        "%s d=%d trial=%d seconds=%.2f fit_seconds=%.2f test_error=%.4f(+-%.4f) train_loss=%.4f"
                                + " train_error=%.4f cos_q_xi=%.3f cos_w_xi=%.3f erm_iter=%d erm_grad=%.2e%n",
                        model.label(), d, t, sec, fit, r.testError(), r.testErrorStderr(), r.trainLoss(),
                        r.trainError(), r.cosQXi(), r.readoutOverlap(), r.ermIterations(), r.ermGradNorm());
                if (r.jointTestError().length > 0) {
                    System.out.println("  joint test error " + java.util.Arrays.toString(r.jointTestError()));
                    System.out.println("  joint cos(q,xi)  " + java.util.Arrays.toString(r.jointCosQXi()));
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "peak heap (sum of pool peaks) = %.0f MB%n", peak / 1048576.0);
    }

    /** Seconds of the step-4 ERM solve alone on the design of trial {@code trial} (as the simulator builds it). */
    private static double fitSeconds(SimModel model, SimulationConfig cfg, int trial, long seed, ChunkedExecutor ex) {
        long ts = Seeds.trialSeed(seed, trial);
        double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), cfg.d());
        SparseTokenSampler sampler = new SparseTokenSampler(cfg.L(), cfg.R(), cfg.pi(), cfg.theta(), xi);
        double[] q = model == SimModel.ATTENTION ? AttentionProtocol.run(cfg, sampler, ts, ex).q2() : null;
        double[] y = new double[cfg.n1()];
        FeatureMatrix a = DesignBuilder.build(model, cfg, sampler, q, ts, y, ex);
        long t0 = System.nanoTime();
        ErmResult r = ErmSolvers.solve(cfg.loss(), a, y, cfg.lambda());
        double sec = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(r.objective())) {
            throw new IllegalStateException("fit failed: objective " + r.objective());
        }
        return sec;
    }
}
