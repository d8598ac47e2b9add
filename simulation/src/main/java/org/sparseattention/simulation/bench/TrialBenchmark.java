package org.sparseattention.simulation.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.Simulator;
import org.sparseattention.simulation.TrialResult;

/**
 * Wall-clock benchmark of whole trials (data, steps 1-3, ERM, test error at the default test
 * size). Not a test. Usage:
 * {@code java -cp ... org.sparseattention.simulation.bench.TrialBenchmark [model] [d] [trials] [threads] [loss]}
 * (defaults: attention 1000 3 2 logistic; L=10, R=1, pi=0.5, theta=5, lambda=0.01, beta=10,
 * eta=0.5, alpha0=2, alpha1=4). Prints seconds per trial and the peak heap used.
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
        try (Simulator sim = new Simulator(threads)) {
            // warm-up at a small size (JIT)
            sim.runTrial(model, cfg.withD(Math.min(200, d)), 99, 7L);
            for (int t = 0; t < trials; t++) {
                long t0 = System.nanoTime();
                TrialResult r = sim.runTrial(model, cfg, t, 1L);
                double sec = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT,
                        "%s d=%d trial=%d seconds=%.2f test_error=%.4f(+-%.4f) train_loss=%.4f train_error=%.4f"
                                + " cos_q_xi=%.3f cos_w_xi=%.3f erm_iter=%d erm_grad=%.2e%n",
                        model.label(), d, t, sec, r.testError(), r.testErrorStderr(), r.trainLoss(), r.trainError(),
                        r.cosQXi(), r.readoutOverlap(), r.ermIterations(), r.ermGradNorm());
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
}
