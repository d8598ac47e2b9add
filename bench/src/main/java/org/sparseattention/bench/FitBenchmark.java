package org.sparseattention.bench;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

import org.sparseattention.simulation.LossKind;
import org.sparseattention.simulation.SimModel;
import org.sparseattention.simulation.SimulationConfig;
import org.sparseattention.simulation.data.SparseTokenSampler;
import org.sparseattention.simulation.erm.ErmResult;
import org.sparseattention.simulation.erm.ErmSolvers;
import org.sparseattention.simulation.erm.FeatureMatrix;
import org.sparseattention.simulation.erm.LogisticErm;
import org.sparseattention.simulation.protocol.AttentionProtocol;
import org.sparseattention.simulation.protocol.DesignBuilder;
import org.sparseattention.simulation.util.ChunkedExecutor;
import org.sparseattention.simulation.util.Seeds;

/**
 * The step-4 ERM fit alone, timed on the design a simulation trial builds (wall seconds, process CPU
 * seconds and the CPU seconds of the fitting threads alone, i.e. without JIT and GC, iterations, objective, gradient norm),
 * each repetition on a new copy of the design (as a trial's fit sees it; the copies are made before the timing,
 * and three untimed fits on copies come first), optionally written to a file so that
 * {@code simulation/bench/sklearn_fit.py} fits scikit-learn on exactly the same data. Not a test.
 * Usage: {@code java -cp bench/target/sta-bench.jar:validation/target/sta.jar
 * org.sparseattention.bench.FitBenchmark model d [reps] [threads] [loss] [dumpFile|-] [relTol]} (defaults:
 * pooled 1000 3 2 logistic, no dump, the solver's own tolerance). With {@code relTol} (logistic only) the
 * fit is {@code LogisticErm.solve} to gradient norm {@code relTol} x the gradient norm at zero instead of
 * its own {@code REL_TOL}: the setting for comparisons at matched final accuracy (L=10, R=1, pi=0.5,
 * theta=5, lambda=0.01, beta=10, eta=0.5, alpha0=2, alpha1=4, trial 0 of seed 1). {@code FitBenchmark load FILE [reps] [threads] [relTol]} fits a dumped design
 * instead (logistic, lambda = 0.01). The dump is little-endian: int n, int p, n doubles y, n*p floats (row-major).
 */
public final class FitBenchmark {
    /** Untimed fits on copies of the timed design before the timed ones. */
    private static final int WARM_FITS = 3;

    private FitBenchmark() {
    }

    private static double cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** @return CPU seconds of the threads that run the fit (the caller and the executor's pool) */
    private static double fitThreadsCpu() {
        java.lang.management.ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        double s = 0;
        for (java.lang.management.ThreadInfo ti : tm.getThreadInfo(tm.getAllThreadIds())) {
            if (ti != null && (ti.getThreadId() == Thread.currentThread().getId() || ti.getThreadName().startsWith("sta-sim-"))) {
                long t = tm.getThreadCpuTime(ti.getThreadId());
                s += t > 0 ? t / 1e9 : 0;
            }
        }
        return s;
    }

    /** Entry point. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("load")) {
            loaded(args);
            return;
        }
        SimModel model = SimModel.parse(args.length > 0 ? args[0] : "pooled");
        int d = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        LossKind loss = LossKind.parse(args.length > 4 ? args[4] : "logistic");
        String dump = args.length > 5 && !args[5].equals("-") ? args[5] : null;
        double relTol = args.length > 6 ? Double.parseDouble(args[6]) : Double.NaN;
        SimulationConfig cfg = SimulationConfig.of(10, 1, 0.5, 5, loss, 0.01, 10, 0.5, 2, d, 4);
        try (ChunkedExecutor ex = new ChunkedExecutor(threads)) {
            Design warm = design(model, cfg.withD(Math.min(200, d)), ex);
            for (int k = 0; k < 3; k++) {
                fit(loss, warm, cfg.lambda(), relTol);
            }
            Design des = design(model, cfg, ex);
            if (dump != null) {
                write(des, dump);
            }
            Design[] copies = copies(des, reps + WARM_FITS, ex);
            for (int k = 0; k < WARM_FITS; k++) {
                // untimed: a fit takes a few dozen iterations, too few for the JIT to finish compiling its kernels
                fit(loss, copies[reps + k], cfg.lambda(), relTol);
                copies[reps + k] = null;
            }
            for (int r = 0; r < reps; r++) {
                Design fresh = copies[r];
                copies[r] = null;
                double c0 = cpu();
                double tc0 = fitThreadsCpu();
                long t0 = System.nanoTime();
                ErmResult res = fit(loss, fresh, cfg.lambda(), relTol);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cp = cpu() - c0;
                double tcp = fitThreadsCpu() - tc0;
                System.out.printf(Locale.ROOT, "java %s d=%d n=%d rep=%d fit_wall=%.3f fit_cpu=%.3f fit_threads_cpu=%.3f"
                        + " iter=%d objective=%.12g gradnorm=%.3e%n", model.label(), d, des.y.length, r, wall, cp, tcp,
                        res.iterations(), res.objective(), res.optimality());
            }
        }
    }

    private static ErmResult fit(LossKind loss, Design des, double lambda, double relTol) {
        if (Double.isNaN(relTol)) {
            return ErmSolvers.solve(loss, des.a, des.y, lambda);
        }
        if (loss != LossKind.LOGISTIC) {
            throw new IllegalArgumentException("relTol applies to the logistic loss only");
        }
        return LogisticErm.solve(des.a, des.y, lambda, relTol);
    }

    /**
     * {@code load FILE [reps] [threads] [relTol]}: the logistic fit (lambda = 0.01) on a design
     * written earlier with the dump argument (no design building; the warm-up is two fits).
     */
    private static void loaded(String[] args) {
        String file = args[1];
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        double relTol = args.length > 4 ? Double.parseDouble(args[4]) : Double.NaN;
        try (ChunkedExecutor ex = new ChunkedExecutor(threads)) {
            Design des = read(file, ex);
            Design[] copies = copies(des, reps + 2, ex);
            for (int r = -2; r < reps; r++) {
                Design fresh = copies[r + 2];
                copies[r + 2] = null;
                double c0 = cpu();
                long t0 = System.nanoTime();
                ErmResult res = fit(LossKind.LOGISTIC, fresh, 0.01, relTol);
                double wall = (System.nanoTime() - t0) / 1e9;
                double cp = cpu() - c0;
                if (r >= 0) {
                    System.out.printf(Locale.ROOT, "java %s n=%d p=%d threads=%d rep=%d fit_wall=%.3f fit_cpu=%.3f iter=%d"
                            + " objective=%.12g gradnorm=%.3e%n", file, des.y.length, des.a.cols(), threads, r, wall, cp,
                            res.iterations(), res.objective(), res.optimality());
                }
            }
        }
    }

    private static Design read(String file, ChunkedExecutor ex) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                new java.io.FileInputStream(file), 1 << 20))) {
            ByteBuffer head = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN);
            int n = head.getInt(), p = head.getInt();
            ByteBuffer yb = ByteBuffer.wrap(in.readNBytes(8 * n)).order(ByteOrder.LITTLE_ENDIAN);
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = yb.getDouble();
            }
            FeatureMatrix.Builder b = FeatureMatrix.builder(n, p, FeatureMatrix.Precision.FLOAT);
            double[] row = new double[p];
            for (int i = 0; i < n; i++) {
                ByteBuffer rb = ByteBuffer.wrap(in.readNBytes(4 * p)).order(ByteOrder.LITTLE_ENDIAN);
                for (int j = 0; j < p; j++) {
                    row[j] = rb.getFloat();
                }
                b.setRow(i, row, 0, 1.0);
            }
            return new Design(b.build(ex), y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Design(FeatureMatrix a, double[] y) {
    }

    /**
     * {@code count} new matrices with the same entries, built before any timing and followed by a
     * garbage collection, so that every timed fit runs, as a fit on a new trial's design does, on a
     * matrix no earlier fit has used, and does not pay for collecting the copies' garbage.
     */
    private static Design[] copies(Design des, int count, ChunkedExecutor ex) {
        Design[] out = new Design[count];
        for (int k = 0; k < count; k++) {
            out[k] = fresh(des, ex);
        }
        System.gc();
        return out;
    }

    /** A new matrix with the same entries. */
    private static Design fresh(Design des, ChunkedExecutor ex) {
        int n = des.a.rows(), p = des.a.cols();
        FeatureMatrix.Builder b = FeatureMatrix.builder(n, p, des.a.precision());
        double[] row = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                row[j] = des.a.get(i, j);
            }
            b.setRow(i, row, 0, 1.0);
        }
        return new Design(b.build(ex), des.y);
    }

    private static Design design(SimModel model, SimulationConfig cfg, ChunkedExecutor ex) {
        long ts = Seeds.trialSeed(1L, 0);
        double[] xi = SparseTokenSampler.randomUnitVector(Seeds.stream(ts, Seeds.XI, 0), cfg.d());
        SparseTokenSampler sampler = new SparseTokenSampler(cfg.L(), cfg.R(), cfg.pi(), cfg.theta(), xi);
        double[] q = model == SimModel.ATTENTION ? AttentionProtocol.run(cfg, sampler, ts, ex).q2() : null;
        double[] y = new double[cfg.n1()];
        FeatureMatrix a = DesignBuilder.build(model, cfg, sampler, q, ts, y, ex);
        return new Design(a, y);
    }

    private static void write(Design des, String file) {
        int n = des.a.rows(), p = des.a.cols();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(file), 1 << 20))) {
            ByteBuffer head = ByteBuffer.allocate(8 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
            head.putInt(n).putInt(p);
            for (double v : des.y) {
                head.putDouble(v);
            }
            out.write(head.array());
            ByteBuffer row = ByteBuffer.allocate(4 * p).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                row.clear();
                for (int j = 0; j < p; j++) {
                    row.putFloat((float) des.a.get(i, j));
                }
                out.write(row.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
