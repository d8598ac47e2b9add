package org.sparseattention.validation.cli;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The JVM's input arguments for the manifest ({@code jvm_options}), read by the management API on
 * a background thread: initialising that API takes a small command about ten milliseconds, which
 * then overlap with parsing and validating the command line.
 */
final class JvmArguments {
    private static final FutureTask<List<String>> TASK =
            new FutureTask<>(() -> List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    private static boolean started;

    private JvmArguments() {
    }

    /** Starts reading them in the background (once; later calls do nothing). */
    static synchronized void prefetch() {
        if (!started) {
            started = true;
            Thread t = new Thread(TASK, "sta-jvm-arguments");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The JVM's input arguments (waits for the background read, or reads them now). */
    static List<String> get() {
        prefetch();
        try {
            return TASK.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (ExecutionException e) {
            return List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments());
        }
    }
}
