package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.Callable;

import org.sparseattention.simulation.SimulationException;
import org.sparseattention.theory.TheoryException;
import org.sparseattention.validation.core.SimPoint;
import org.sparseattention.validation.core.SimulationBatch;
import org.sparseattention.validation.io.OutputDirectory;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Skeleton of every subcommand: validates the input (any {@link IllegalArgumentException}
 * before {@link #inputsChecked()} is bad input, exit 2, one line), runs, writes the manifest,
 * and maps failures to the exit codes of the command line (docs/cli.md).
 */
abstract class BaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    PrecisionOptions precision;

    private boolean checked;

    /** The context of the current run (set by {@link #call()}). */
    private RunContext ctx;

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

    /**
     * Called by subclasses once every input has been validated: takes the output directory
     * (lock, staging directory), so an unusable or busy {@code --out} is still bad input (exit 2)
     * found before any computation.
     */
    protected final void inputsChecked() {
        if (ctx != null) {
            ctx.open();
        }
        checked = true;
    }

    @Override
    public final Integer call() {
        String name = spec.name();
        PrintWriter err = spec.commandLine().getErr();
        try {
            ctx = new RunContext(name, OutputDirectory.check(common.outText(name)), spec, common.seed(),
                    common.printTable);
        } catch (IllegalArgumentException e) {
            return fail(err, name, e.getMessage(), ExitCodes.BAD_INPUT);
        }
        err = ctx.stderr();
        int code;
        String error = null;
        String trace = null;
        warnUnused();
        try {
            precision.validate();
            code = run(ctx);
            recordEffectiveOptions();
        } catch (OutputDirectory.UnusableException e) {
            code = fail(err, name, e.getMessage(), ExitCodes.BAD_INPUT);
        } catch (IllegalArgumentException e) {
            if (!checked) {
                code = fail(err, name, e.getMessage(), ExitCodes.BAD_INPUT);
            } else {
                code = internal(err, name, e);
                error = "failure: " + e;
                trace = RunContext.trace(e);
            }
        } catch (TheoryException e) {
            error = "numerical failure: " + e.getMessage();
            code = fail(err, name, error, ExitCodes.NUMERICAL_FAILURE);
            trace = RunContext.trace(e);
        } catch (SimulationException e) {
            error = "simulation failure: " + e.getMessage();
            code = fail(err, name, error, ExitCodes.NUMERICAL_FAILURE);
            trace = RunContext.trace(e);
        } catch (UnsupportedOperationException e) {
            error = "not available yet: " + e.getMessage();
            code = fail(err, name, error, ExitCodes.NUMERICAL_FAILURE);
        } catch (UncheckedIOException e) {
            error = "I/O error: " + e.getMessage();
            code = fail(err, name, error, ExitCodes.NUMERICAL_FAILURE);
            trace = RunContext.trace(e);
        } catch (OutOfMemoryError e) {
            error = "out of memory (" + e.getMessage() + "); give the JVM more heap (STA_JAVA_OPTS=-Xmx8g) or a "
                    + "smaller problem";
            code = fail(err, name, error, ExitCodes.NUMERICAL_FAILURE);
        } catch (Exception e) {
            code = internal(err, name, e);
            error = "failure: " + e;
            trace = RunContext.trace(e);
        }
        if (error == null && code != ExitCodes.OK && code != ExitCodes.VALIDATION_FAILED && code != 4) {
            error = "exit code " + code;
        }
        if (trace != null && !ctx.isOpen()) {
            err.print(trace);
            err.flush();
        }
        return ctx.finish(code, error, trace);
    }

    /** Warns about shared options given to a command that does not use them. */
    private void warnUnused() {
        CommandLine.ParseResult pr = spec.commandLine().getParseResult();
        if (pr == null) {
            return;
        }
        for (picocli.CommandLine.Model.OptionSpec o : pr.matchedOptions()) {
            if (HelpLayout.unused(spec.name(), o.longestName())) {
                ctx.warn(o.longestName() + " is not used by " + spec.name() + " (ignored)");
            }
        }
    }

    /** Records in the manifest the values options actually took where they default to others. */
    private void recordEffectiveOptions() {
        try {
            ctx.parameter("threads", precision.threads());
        } catch (IllegalArgumentException e) {
            // not validated by this command: keep the parsed value
        }
        if (precision.qmcPointsUsed() > 0) {
            ctx.parameter("qmc-points", precision.qmcPointsUsed());
        }
        ctx.parameter("eta-b", common.etaB != null ? common.etaB : common.eta);
        ctx.parameter("eta-w", common.etaW != null ? common.etaW : common.eta);
        ctx.parameter("eta-q", common.etaQ != null ? common.etaQ : common.eta);
    }

    private static int internal(PrintWriter err, String name, Exception e) {
        err.println("sta " + name + ": failure: " + e);
        err.flush();
        return ExitCodes.NUMERICAL_FAILURE;
    }

    private static int fail(PrintWriter err, String name, String message, int code) {
        err.println("sta " + name + ": " + message);
        err.flush();
        return code;
    }
}
