package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

import org.sparseattention.simulation.SimulationException;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Skeleton of every subcommand: validates the input (any {@link IllegalArgumentException}
 * before {@link #inputsChecked()} is bad input, exit 2, one line), runs, writes the manifest,
 * and maps failures to the exit codes of CLI.md.
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    PrecisionOptions precision;

    private boolean checked;

    /**
     * Runs the command.
     *
     * @return the exit code
     */
    protected abstract int run(RunContext ctx) throws Exception;

    /** Runs the simulation tasks with a progress on standard error (ETA weighted by trial cost). */
    protected static List<SimPoint> simulate(RunContext ctx, int threads, List<SimulationBatch.Task> tasks, int trials) {
        return SimulationBatch.run(threads, tasks, trials,
                ctx.progress("trials", tasks.size() * trials, SimulationBatch.cost(tasks, trials)));
    }

    /** Called by subclasses once every input has been validated. */
    protected final void inputsChecked() {
        checked = true;
    }

    @Override
    public final Integer call() {
        String name = spec.name();
        PrintWriter err = spec.commandLine().getErr();
        try {
            RunContext ctx = new RunContext(name, common.out(name), spec, common.seed());
            int code = run(ctx);
            ctx.writeManifest(code);
            return code;
        } catch (IllegalArgumentException e) {
            if (!checked) {
                return fail(err, name, e.getMessage(), ExitCodes.BAD_INPUT);
            }
            return internal(err, name, e);
        } catch (TheoryException e) {
            return fail(err, name, "numerical failure: " + e.getMessage(), ExitCodes.NUMERICAL_FAILURE);
        } catch (SimulationException e) {
            return fail(err, name, "simulation failure: " + e.getMessage(), ExitCodes.NUMERICAL_FAILURE);
        } catch (UnsupportedOperationException e) {
            return fail(err, name, "not available yet: " + e.getMessage(), ExitCodes.NUMERICAL_FAILURE);
        } catch (UncheckedIOException e) {
            return fail(err, name, "I/O error: " + e.getMessage(), ExitCodes.NUMERICAL_FAILURE);
        } catch (Exception e) {
            return internal(err, name, e);
        }
    }

    private static int internal(PrintWriter err, String name, Exception e) {
        err.println("sta " + name + ": failure: " + e);
        e.printStackTrace(err);
        err.flush();
        return ExitCodes.NUMERICAL_FAILURE;
    }

    private static int fail(PrintWriter err, String name, String message, int code) {
        err.println("sta " + name + ": " + message);
        err.flush();
        return code;
    }
}
