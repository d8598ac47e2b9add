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
        return configure(new CommandLine(new StaCommand()));
    }

    /**
     * The command line for {@code args}: when {@code args[0]} names a subcommand, a root with only
     * that subcommand registered (picocli builds each command's model by reflection, which costs
     * more than a small command's computation); otherwise (help, version, errors) the full one.
     * Parsing, help and error messages of the subcommand are the same either way.
     */
    public static CommandLine newCommandLine(String[] args) {
        Class<?> sub = args.length == 0 ? null : subcommandClass(args[0]);
        if (sub == null) {
            return newCommandLine();
        }
        CommandLine cl = new CommandLine(new LazyRoot());
        try {
            cl.addSubcommand(CommandLine.defaultFactory().create(sub));
        } catch (Exception e) {
            return newCommandLine();
        }
        return configure(cl);
    }

    /**
     * The subcommand class named {@code name} in this command's annotation, or null ({@code help} included).
     * A table first (a test checks it against the annotation): reading the annotations would load and
     * parse every subcommand class, a few milliseconds of a small command.
     */
    static Class<?> subcommandClass(String name) {
        Class<?> known = switch (name) {
            case "curve" -> CurveCommand.class;
            case "align" -> AlignCommand.class;
            case "capacity" -> CapacityCommand.class;
            case "oracle" -> OracleCommand.class;
            case "simulate" -> SimulateCommand.class;
            case "validate" -> ValidateCommand.class;
            case "figure" -> FigureCommand.class;
            case "merge" -> MergeCommand.class;
            case "slurm" -> SlurmCommand.class;
            default -> null;
        };
        return known != null ? known : annotatedSubcommandClass(name);
    }

    /** {@link #subcommandClass} from the annotations alone (aliases included). */
    static Class<?> annotatedSubcommandClass(String name) {
        for (Class<?> c : StaCommand.class.getAnnotation(Command.class).subcommands()) {
            Command a = c.getAnnotation(Command.class);
            if (a != null && c != CommandLine.HelpCommand.class
                    && (a.name().equals(name) || java.util.Arrays.asList(a.aliases()).contains(name))) {
                return c;
            }
        }
        return null;
    }

    private static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler(StaCommand::handleParseError);
        HelpLayout.install(cl);
        return cl;
    }

    /** The root {@code sta} without subcommands, for {@link #newCommandLine(String[])}. */
    @Command(name = "sta", mixinStandardHelpOptions = true, versionProvider = Version.class)
    static final class LazyRoot implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StaCommand full = new StaCommand();
            full.spec = spec;
            return full.call();
        }
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
        JvmArguments.prefetch();
        int code = newCommandLine(args).execute(args);
        System.exit(code);
    }
}
