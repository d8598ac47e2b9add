package org.sparseattention.validation.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.sparseattention.validation.core.WorkUnits;
import org.sparseattention.validation.io.AtomicFiles;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code --shard K/N} (a picocli mixin of simulate, validate, figure, curve, capacity and
 * oracle): this run computes only its share of the work units and writes them with a shard
 * description; {@code sta merge} joins the N output directories into the whole run's outputs.
 */
public final class ShardOptions {
    /** The shard description file of a shard's output directory. */
    static final String SHARD_FILE = "shard.txt";
    /** First line of {@link #SHARD_FILE}. */
    static final String MAGIC = "sta-shard 1";
    /** Options that do not change a run's results (left out of its identity). */
    static final List<String> NOT_IDENTITY = List.of("out", "shard", "merge-units", "threads", "help", "version");

    private static final Pattern FORM = Pattern.compile("(\\d{1,9})/(\\d{1,9})");

    @Option(names = "--shard", paramLabel = "K/N",
            description = "compute only part K of N of the run's work units (same seeds as the whole run) and write "
                    + "them to --out; join the N directories with 'sta merge'")
    String shard;

    @Option(names = "--merge-units", hidden = true, split = ",", paramLabel = "DIR",
            description = "internal (sta merge): read every work unit from these shard directories")
    List<Path> mergeFrom;

    /** The work units of this run (validated). */
    WorkUnits units() {
        if (mergeFrom != null && !mergeFrom.isEmpty()) {
            if (shard != null) {
                throw new IllegalArgumentException("--shard cannot be combined with a merge");
            }
            Map<String, byte[]> all = new HashMap<>();
            for (Path dir : mergeFrom) {
                WorkUnits.read(dir.resolve(WorkUnits.FILE), all);
            }
            return WorkUnits.merged(all);
        }
        if (shard == null) {
            return WorkUnits.whole();
        }
        int[] kn = parse(shard);
        return WorkUnits.shard(kn[0], kn[1]);
    }

    /**
     * Parses {@code K/N}.
     *
     * @throws IllegalArgumentException unless both are integers with {@code 1 <= K <= N}
     */
    static int[] parse(String text) {
        Matcher m = FORM.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--shard must be K/N with integers 1 <= K <= N, got '" + text + "'");
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || k < 1 || k > n) {
            throw new IllegalArgumentException("--shard must be K/N with integers 1 <= K <= N, got '" + text + "'");
        }
        return new int[] {k, n};
    }

    /** The run's identity: every option value that can change its results, by option name. */
    static Map<String, String> identity(CommandSpec spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            String key = o.longestName().replaceFirst("^--", "");
            if (o.usageHelp() || o.versionHelp() || NOT_IDENTITY.contains(key)) {
                continue;
            }
            Object v = o.getValue();
            out.put(key, v == null ? "" : v.toString());
        }
        return out;
    }

    /**
     * The command-line arguments of the whole run: this run's arguments after the subcommand's
     * name, without --shard and --out.
     */
    static List<String> runArguments(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        if (spec.root().commandLine() != null && spec.root().commandLine().getParseResult() != null) {
            args.addAll(spec.root().commandLine().getParseResult().originalArgs());
        }
        int start = args.indexOf(spec.name()) + 1;
        List<String> out = new ArrayList<>();
        for (int i = start; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--shard") || a.equals("--out") || a.equals("--merge-units")) {
                i++;
                continue;
            }
            if (a.startsWith("--shard=") || a.startsWith("--out=") || a.startsWith("--merge-units=")) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /**
     * Finishes a shard: writes its unit records and {@link #SHARD_FILE} (the shard, the command
     * and the whole run's parameters and arguments) and records them in the manifest.
     *
     * @return exit code 0
     */
    int finish(RunContext ctx, CommandSpec spec, WorkUnits units) {
        int[] kn = parse(shard);
        Map<String, String> identity = identity(spec);
        List<String> args = runArguments(spec);
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        sb.append("command\t").append(spec.name()).append('\n');
        sb.append("shard\t").append(kn[0]).append('/').append(kn[1]).append('\n');
        sb.append("version\t").append(Version.get()).append('\n');
        for (Map.Entry<String, String> e : identity.entrySet()) {
            sb.append("param\t").append(e.getKey()).append('\t').append(escape(e.getValue())).append('\n');
        }
        for (String a : args) {
            sb.append("arg\t").append(escape(a)).append('\n');
        }
        units.write(ctx.file(WorkUnits.FILE));
        AtomicFiles.writeString(ctx.file(SHARD_FILE), sb.toString());
        ctx.manifest("shard", kn[0] + "/" + kn[1]);
        ctx.manifest("shard_index", kn[0]);
        ctx.manifest("shard_count", kn[1]);
        ctx.manifest("shard_units", units.computedCount());
        ctx.manifest("run_parameters", identity);
        ctx.manifest("run_arguments", args);
        ctx.stdout().printf("shard %d/%d of sta %s: %d work units written to %s; join the %d shard directories with "
                + "'sta merge --out DIR DIR1 ... DIR%d'%n", kn[0], kn[1], spec.name(), units.computedCount(),
                ctx.out(), kn[1], kn[1]);
        ctx.stdout().flush();
        return ExitCodes.OK;
    }

    static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                sb.append(d == 't' ? '\t' : d == 'n' ? '\n' : d);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Whether {@code dir} holds a shard description. */
    static boolean isShardDir(Path dir) {
        return Files.isRegularFile(dir.resolve(SHARD_FILE)) && Files.isRegularFile(dir.resolve(WorkUnits.FILE));
    }
}
