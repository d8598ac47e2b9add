package org.sparseattention.validation.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sta merge --out DIR IN...}: joins the output directories of the N shards of one run
 * ({@code --shard K/N}) into the whole run's outputs. It checks that the inputs are the shards of
 * one run (same command, version, parameters and N; each K exactly once), then runs the command
 * once more with every work unit read back from the shards, so the CSV files, pictures,
 * summaries and validate's verdict are exactly those of the unsharded run.
 */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Join the output directories of the N shards of one run (--shard K/N) into the whole run's "
                + "outputs: the same CSV rows, pictures, summaries and verdict as the unsharded run.")
final class MergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output directory of the merged run")
    Path out;

    @Parameters(paramLabel = "IN", arity = "1..*", description = "the shards' output directories")
    List<Path> inputs;

    /** One parsed shard description. */
    record Shard(Path dir, String command, int k, int n, String version, Map<String, String> params,
                 List<String> args) {
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Shard> shards;
        try {
            shards = check(inputs, out);
        } catch (IllegalArgumentException e) {
            err.println("sta merge: " + e.getMessage());
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        Shard first = shards.get(0);
        List<String> args = new ArrayList<>();
        args.add(first.command());
        args.addAll(first.args());
        args.add("--out");
        args.add(out.toString());
        args.add("--merge-units");
        args.add(shards.stream().map(s -> s.dir().toString()).collect(Collectors.joining(",")));
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(spec.commandLine().getOut());
        cl.setErr(err);
        return cl.execute(args.toArray(String[]::new));
    }

    /**
     * Reads and cross-checks the shard descriptions.
     *
     * @return the shards ordered by K
     * @throws IllegalArgumentException naming the first difference, the missing or the repeated shard
     */
    static List<Shard> check(List<Path> inputs, Path out) {
        List<Shard> shards = new ArrayList<>();
        for (Path dir : inputs) {
            if (out != null && dir.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("--out " + out + " is also an input");
            }
            shards.add(read(dir));
        }
        Shard a = shards.get(0);
        for (Shard b : shards.subList(1, shards.size())) {
            if (!a.command().equals(b.command())) {
                throw new IllegalArgumentException("not shards of one run: " + a.dir() + " is 'sta " + a.command()
                        + "', " + b.dir() + " is 'sta " + b.command() + "'");
            }
            if (a.n() != b.n()) {
                throw new IllegalArgumentException("not shards of one run: " + a.dir() + " is shard " + a.k() + "/"
                        + a.n() + ", " + b.dir() + " is shard " + b.k() + "/" + b.n() + " (different N)");
            }
            if (!a.version().equals(b.version())) {
                throw new IllegalArgumentException("not shards of one run: " + a.dir() + " was written by sta "
                        + a.version() + ", " + b.dir() + " by sta " + b.version());
            }
            for (String key : union(a.params(), b.params())) {
                String va = a.params().get(key);
                String vb = b.params().get(key);
                if (va == null ? vb != null : !va.equals(vb)) {
                    throw new IllegalArgumentException("not shards of one run: --" + key + " is '" + show(va)
                            + "' in " + a.dir() + " but '" + show(vb) + "' in " + b.dir());
                }
            }
        }
        Map<Integer, Shard> byK = new TreeMap<>();
        for (Shard s : shards) {
            Shard prev = byK.put(s.k(), s);
            if (prev != null) {
                throw new IllegalArgumentException("shard " + s.k() + "/" + s.n() + " given twice: " + prev.dir()
                        + " and " + s.dir());
            }
        }
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= a.n(); k++) {
            if (!byK.containsKey(k)) {
                missing.add(k + "/" + a.n());
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing shard" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " of 'sta " + a.command() + "' (have " + byK.size() + " of "
                    + a.n() + ")");
        }
        return new ArrayList<>(byK.values());
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String show(String v) {
        return v == null ? "(absent)" : v;
    }

    /** Parses a shard directory's description. */
    static Shard read(Path dir) {
        Path file = dir.resolve(ShardOptions.SHARD_FILE);
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a directory");
        }
        if (!ShardOptions.isShardDir(dir)) {
            throw new IllegalArgumentException(dir + " is not a shard directory (no " + ShardOptions.SHARD_FILE
                    + " and units.txt; write one with --shard K/N)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(ShardOptions.MAGIC)) {
            throw new IllegalArgumentException(file + " is not a shard description");
        }
        String command = null;
        String shard = null;
        String version = null;
        Map<String, String> params = new LinkedHashMap<>();
        List<String> args = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "command" -> command = f[1];
                case "shard" -> shard = f[1];
                case "version" -> version = f[1];
                case "param" -> params.put(f[1], f.length > 2 ? ShardOptions.unescape(f[2]) : "");
                case "arg" -> args.add(ShardOptions.unescape(f[1]));
                default -> {
                    if (!line.isEmpty()) {
                        throw new IllegalArgumentException(file + ": unknown line '" + f[0] + "'");
                    }
                }
            }
        }
        if (command == null || shard == null || version == null) {
            throw new IllegalArgumentException(file + " lacks the command, shard or version line");
        }
        int[] kn = ShardOptions.parse(shard);
        return new Shard(dir, command, kn[0], kn[1], version, params, args);
    }
}
