package org.sparseattention.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.sparseattention.theory.Model;
import org.sparseattention.theory.QueryProtocol;
import org.sparseattention.theory.SparseTokenParameters;
import org.sparseattention.theory.SparseTokenTheory;
import org.sparseattention.theory.TheoryOptions;
import org.sparseattention.theory.erm.ErmSolution;
import org.sparseattention.theory.loss.Losses;

/**
 * Wall-clock harness for the theory's speed targets. Not a test: run as
 * {@code java -cp bench/target/sta-bench.jar:validation/target/sta.jar org.sparseattention.bench.TheoryBenchmark [task]}
 * with task {@code curve}, {@code pooled}, {@code capacity}, {@code phase} or {@code all}. Each task
 * prints its wall time; the first repetition includes JIT warm-up and is reported separately.
 */
public final class TheoryBenchmark {
    private TheoryBenchmark() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        String task = args.length > 0 ? args[0] : "all";
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        for (int r = 0; r < reps; r++) {
            String tag = r == 0 ? "(cold JIT)" : "(warm)";
            if (task.equals("all") || task.equals("pooled")) {
                time("pooled logistic point alpha1=2 " + tag, TheoryBenchmark::pooledPoint);
            }
            if (task.equals("all") || task.equals("capacity")) {
                time("attention capacity at defaults " + tag, TheoryBenchmark::capacity);
            }
            if (task.equals("all") || task.equals("curve")) {
                time("40-point attention logistic curve " + tag, TheoryBenchmark::curve);
            }
            if (task.equals("all") || task.equals("phase")) {
                time("30x30 attention capacity phase diagram theta x L " + tag, TheoryBenchmark::phase);
            }
        }
    }

    private interface Task {
        void run() throws Exception;
    }

    private static void time(String what, Task t) throws Exception {
        long t0 = System.nanoTime();
        t.run();
        System.out.printf(Locale.ROOT, "%-60s %8.3f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** The point measured: the command line's defaults {@code L=10, R=1, pi=0.5, theta=5}. */
    private static final SparseTokenParameters REFERENCE = new SparseTokenParameters(10, 1, 0.5, 5.0);

    /** {@code K=8} randomizations of 512 points per class, 24 nodes, tolerance 1e-8, every core. */
    private static TheoryOptions options() {
        return new TheoryOptions(1, 8, 512, 24, 1e-8, Runtime.getRuntime().availableProcessors());
    }

    private static SparseTokenTheory defaults(SparseTokenParameters p, TheoryOptions o) {
        return new SparseTokenTheory(p, Losses.byName("logistic"), new QueryProtocol(10, 0.5, 0.5, 0.5, 2), 0.01, o);
    }

    private static void pooledPoint() {
        ErmSolution s = defaults(REFERENCE, options()).solve(Model.POOLED, 2);
        System.out.printf(Locale.ROOT, "  pooled test_error=%.6f residual=%.1e%n", s.testError(), s.residual());
    }

    private static void capacity() {
        var c = defaults(REFERENCE, options()).capacity(Model.ATTENTION);
        System.out.printf(Locale.ROOT, "  attention alpha*=%.4f +- %.4f%n", c.alphaStar(), c.alphaStarErr());
    }

    private static void curve() {
        double[] a = new double[40];
        for (int i = 0; i < a.length; i++) {
            a[i] = 0.2 + (10 - 0.2) * i / (a.length - 1);
        }
        List<ErmSolution> c = defaults(REFERENCE, options())
                .curve(Model.ATTENTION, a, null);
        double maxErr = 0;
        for (ErmSolution s : c) {
            maxErr = Math.max(maxErr, s.testErrorErr());
        }
        System.out.printf(Locale.ROOT, "  first %.5f last %.5f max test_error_err %.2e%n", c.get(0).testError(),
                c.get(c.size() - 1).testError(), maxErr);
    }

    private static void phase() throws Exception {
        int n = 30;
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            java.util.List<Future<Double>> fs = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                double theta = 1 + 7.0 * i / (n - 1);
                for (int j = 0; j < n; j++) {
                    int L = 2 + j;
                    SparseTokenParameters p = new SparseTokenParameters(L, 1, 0.5, theta);
                    fs.add(pool.submit(() -> defaults(p, options().withThreads(1))
                            .capacity(Model.ATTENTION).alphaStar()));
                }
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (Future<Double> f : fs) {
                min = Math.min(min, f.get());
                max = Math.max(max, f.get());
            }
            System.out.printf(Locale.ROOT, "  alpha* range [%.3f, %.3f]%n", min, max);
        } finally {
            pool.shutdown();
        }
    }
}
