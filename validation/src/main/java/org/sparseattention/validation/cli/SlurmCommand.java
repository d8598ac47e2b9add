package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import org.sparseattention.validation.io.AtomicFiles;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sta slurm --shards N --out DIR -- COMMAND ARGS...}: writes a Slurm job array that runs
 * the N shards of a run ({@code --shard K/N}, one array task each, into {@code DIR/shard-K}) and a
 * merge job that starts when every shard succeeded ({@code --dependency=afterok}) and writes the
 * whole run's outputs to {@code DIR/merged}; {@code DIR/submit.sh} submits both.
 */
@Command(name = "slurm", mixinStandardHelpOptions = true,
        description = "Write an sbatch job array running the N shards of a run plus a dependent merge job "
                + "(DIR/array.sbatch, DIR/merge.sbatch, DIR/submit.sh). Example: sta slurm --shards 8 --out runs/v "
                + "-- validate --d 500,1000,2000 --trials 20")
final class SlurmCommand implements Callable<Integer> {
    /** Commands that take --shard. */
    static final Set<String> SHARDABLE = Set.of("simulate", "validate", "figure", "curve", "capacity", "oracle");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");

    @Spec
    CommandSpec spec;

    @Option(names = "--shards", paramLabel = "N", required = true, description = "number of shards (array tasks), >= 1")
    int shards;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "directory of the scripts, the shards (DIR/shard-K), the logs and the merged run (DIR/merged)")
    Path out;

    @Option(names = "--cpus", paramLabel = "C", defaultValue = "2",
            description = "CPUs per array task (also passed as --threads) (default: ${DEFAULT-VALUE})")
    int cpus;

    @Option(names = "--time", paramLabel = "HH:MM:SS", description = "time limit per task (sbatch --time)")
    String time;

    @Option(names = "--mem", paramLabel = "SIZE", description = "memory per task (sbatch --mem), e.g. 8G")
    String mem;

    @Option(names = "--partition", paramLabel = "NAME", description = "partition (sbatch --partition)")
    String partition;

    @Option(names = "--sbatch", paramLabel = "OPTION", description = "extra sbatch option line, repeatable, e.g. "
            + "--sbatch=--account=abc")
    List<String> extra = new ArrayList<>();

    @Option(names = "--sta", paramLabel = "CMD",
            description = "how the tasks start sta (default: java -jar with this sta's jar, absolute path)")
    String sta;

    @Parameters(paramLabel = "COMMAND", arity = "1..*",
            description = "the run to shard: one of simulate, validate, figure, curve, capacity, oracle, and its options")
    List<String> run;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            check();
        } catch (IllegalArgumentException e) {
            err.println("sta slurm: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        Path dir = out.toAbsolutePath().normalize();
        String launcher = sta != null ? sta : defaultLauncher();
        String command = launcher + " " + quote(run);
        StringBuilder header = new StringBuilder("#!/bin/bash\n");
        header.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
        if (time != null) {
            header.append("#SBATCH --time=").append(time).append('\n');
        }
        if (mem != null) {
            header.append("#SBATCH --mem=").append(mem).append('\n');
        }
        if (partition != null) {
            header.append("#SBATCH --partition=").append(partition).append('\n');
        }
        for (String x : extra) {
            header.append("#SBATCH ").append(x).append('\n');
        }
        String array = header
                + "#SBATCH --job-name=sta-" + run.get(0) + "\n"
                + "#SBATCH --array=1-" + shards + "\n"
                + "#SBATCH --output=" + dir.resolve("logs") + "/shard-%a.out\n"
                + "#SBATCH --error=" + dir.resolve("logs") + "/shard-%a.err\n"
                + "# shard K of " + shards + " of: sta " + quote(run) + "\n"
                + "set -euo pipefail\n"
                + "K=\"${SLURM_ARRAY_TASK_ID:?run this script with sbatch (it is a job array)}\"\n"
                + "exec " + command + " --threads " + cpus + " --shard \"${K}/" + shards + "\" --out \""
                + dir.resolve("shard-") + "${K}\"\n";
        StringBuilder inputs = new StringBuilder();
        for (int k = 1; k <= shards; k++) {
            inputs.append(" \"").append(dir.resolve("shard-" + k)).append('"');
        }
        String merge = header
                + "#SBATCH --job-name=sta-" + run.get(0) + "-merge\n"
                + "#SBATCH --output=" + dir.resolve("logs") + "/merge.out\n"
                + "#SBATCH --error=" + dir.resolve("logs") + "/merge.err\n"
                + "# joins the " + shards + " shards into the whole run's outputs (validate: exit 3/4 = verdict)\n"
                + "set -euo pipefail\n"
                + "exec " + launcher + " merge --out \"" + dir.resolve("merged") + "\"" + inputs + "\n";
        String submit = "#!/bin/bash\n"
                + "# submits the job array of " + shards + " shards and the merge job that waits for all of them\n"
                + "set -euo pipefail\n"
                + "cd \"$(dirname \"$0\")\"\n"
                + "mkdir -p logs\n"
                + "array=$(sbatch --parsable array.sbatch)\n"
                + "array=${array%%;*}\n"
                + "merge=$(sbatch --parsable --dependency=afterok:${array} merge.sbatch)\n"
                + "merge=${merge%%;*}\n"
                + "echo \"submitted job array ${array} (" + shards + " shards) and merge job ${merge}; merged run: "
                + dir.resolve("merged") + "\"\n";
        try {
            Files.createDirectories(dir.resolve("logs"));
        } catch (java.io.IOException e) {
            err.println("sta slurm: I/O error: " + e.getMessage());
            err.flush();
            return ExitCodes.NUMERICAL_FAILURE;
        }
        AtomicFiles.writeString(dir.resolve("array.sbatch"), array);
        AtomicFiles.writeString(dir.resolve("merge.sbatch"), merge);
        AtomicFiles.writeString(dir.resolve("submit.sh"), submit);
        for (String f : List.of("array.sbatch", "merge.sbatch", "submit.sh")) {
            try {
                Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (java.io.IOException | UnsupportedOperationException e) {
                err.println("sta slurm: warning: cannot make " + f + " executable: " + e.getMessage());
            }
        }
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + dir.resolve("array.sbatch") + " (" + shards + " array tasks), "
                + dir.resolve("merge.sbatch") + " and " + dir.resolve("submit.sh"));
        o.println("submit with: " + dir.resolve("submit.sh") + "   (merged run: " + dir.resolve("merged") + ")");
        o.flush();
        return ExitCodes.OK;
    }

    /** Validates the options and the sharded command line (parsed, not run). */
    void check() {
        if (shards < 1) {
            throw new IllegalArgumentException("--shards must be >= 1, got " + shards);
        }
        if (cpus < 1) {
            throw new IllegalArgumentException("--cpus must be >= 1, got " + cpus);
        }
        if (!SHARDABLE.contains(run.get(0))) {
            throw new IllegalArgumentException("cannot shard '" + run.get(0) + "': give one of "
                    + String.join(", ", new java.util.TreeSet<>(SHARDABLE)) + " after --");
        }
        for (String a : run) {
            if (a.equals("--shard") || a.startsWith("--shard=") || a.equals("--out") || a.startsWith("--out=")
                    || a.equals("--threads") || a.startsWith("--threads=") || a.startsWith("--merge-units")) {
                throw new IllegalArgumentException("leave " + a.replaceFirst("=.*", "") + " out of the command: sta "
                        + "slurm sets it for every task");
            }
        }
        CommandLine probe = StaCommand.newCommandLine();
        try {
            probe.parseArgs(run.toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException("sta " + run.get(0) + ": " + e.getMessage());
        }
    }

    private static String quote(List<String> args) {
        List<String> q = new ArrayList<>();
        for (String a : args) {
            q.add(SAFE.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return String.join(" ", q);
    }

    /** {@code java -jar <this jar>} with absolute paths (tasks never rebuild the jar concurrently). */
    static String defaultLauncher() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            Path jar = Path.of(SlurmCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar)) {
                return "\"" + java + "\" ${STA_JAVA_OPTS:--Xmx4g} -jar \"" + jar.toAbsolutePath() + "\"";
            }
        } catch (java.net.URISyntaxException | SecurityException e) {
            // fall through to the launcher on PATH
            return "sta";
        }
        return "sta";
    }
}
