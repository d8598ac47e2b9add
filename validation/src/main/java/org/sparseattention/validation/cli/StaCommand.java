package org.sparseattention.validation.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sta} command: theory, simulation and their comparison for single-layer attention
 * on sparse-token classification (docs/cli.md).
 */
@Command(name = "sta", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Exact asymptotics of single-layer attention on sparse-token classification, "
                + "checked against finite-d training.",
        subcommands = {CurveCommand.class, AlignCommand.class, CapacityCommand.class, OracleCommand.class,
            SimulateCommand.class, ValidateCommand.class, FigureCommand.class, MergeCommand.class,
            SlurmCommand.class,
            CommandLine.HelpCommand.class})
public final class StaCommand implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        err.println("sta: missing subcommand: one of curve, align, capacity, oracle, simulate, validate, figure, "
                + "merge, slurm "
                + "(see 'sta --help')");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /**
     * A command line with the exit-code handling of docs/cli.md: a parse error prints exactly one
     * line on standard error and returns 2.
     */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new StaCommand());
        cl.setParameterExceptionHandler(StaCommand::handleParseError);
        HelpLayout.install(cl);
        return cl;
    }

    private static int handleParseError(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        String name = cmd.getCommandSpec().qualifiedName();
        String hint = ex instanceof CommandLine.UnmatchedArgumentException ? " (see '" + name + " --help')" : "";
        err.println(name + ": " + ex.getMessage() + hint);
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    /** Runs {@code sta} and exits with its code. */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = newCommandLine().execute(args);
        System.exit(code);
    }
}
