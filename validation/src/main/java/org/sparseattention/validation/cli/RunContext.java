package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.sparseattention.validation.io.AtomicFiles;
import org.sparseattention.validation.io.Json;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What one command run writes: its output directory, the files it produced, its console
 * streams, and finally {@code manifest.json}.
 */
public final class RunContext {
    private final String command;
    private final Path out;
    private final CommandSpec spec;
    private final long seed;
    private final Instant started = Instant.now();
    private final List<String> files = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    /**
     * @param command subcommand name
     * @param out     output directory
     * @param spec    the subcommand's picocli spec (options and streams)
     * @param seed    the run's seed
     */
    RunContext(String command, Path out, CommandSpec spec, long seed) {
        this.command = command;
        this.out = out;
        this.spec = spec;
        this.seed = seed;
    }

    /** The output directory. */
    public Path out() {
        return out;
    }

    /** A file in the output directory, recorded in the manifest. */
    public Path file(String name) {
        Path p = out.resolve(name);
        synchronized (files) {
            if (!files.contains(name)) {
                files.add(name);
            }
        }
        return p;
    }

    /** Standard output of the command. */
    public PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** Standard error of the command. */
    public PrintWriter stderr() {
        return spec.commandLine().getErr();
    }

    /** A progress reporter on standard error whose time estimate weighs units by cost. */
    public Progress progress(String unit, int total, double totalWeight) {
        return new Progress(stderr(), command, unit, total, totalWeight);
    }

    /** A progress reporter on standard error. */
    public Progress progress(String unit, int total) {
        return new Progress(stderr(), command, unit, total);
    }

    /** Prints a warning line on standard error. */
    public void warn(String message) {
        stderr().println("sta " + command + ": warning: " + message);
        stderr().flush();
    }

    /** Prints a note line on standard error. */
    public void note(String message) {
        stderr().println("sta " + command + ": " + message);
        stderr().flush();
    }

    /** Writes {@code table} as {@code <out>/<name>} (atomically). */
    public void writeCsv(String name, Table table) {
        table.writeCsv(file(name));
    }

    /** Records an extra entry in the manifest. */
    public void manifest(String key, Object value) {
        extra.put(key, value);
    }

    /** Writes {@code manifest.json} with the command line, every option value, the seed and the files. */
    void writeManifest(int exitCode) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "sta");
        m.put("version", Version.get());
        m.put("command", command);
        List<String> args = new ArrayList<>();
        if (spec.root().commandLine() != null && spec.root().commandLine().getParseResult() != null) {
            args.addAll(spec.root().commandLine().getParseResult().originalArgs());
        }
        m.put("command_line", "sta " + String.join(" ", args));
        m.put("arguments", args);
        Map<String, Object> params = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            Object v = o.getValue();
            String key = o.longestName().replaceFirst("^--", "");
            params.put(key, v == null ? ("out".equals(key) ? out.toString() : null) : v.toString());
        }
        m.put("parameters", params);
        m.put("seed", seed);
        m.put("output_directory", out.toAbsolutePath().toString());
        m.put("files", List.copyOf(files));
        m.putAll(extra);
        m.put("started", started.toString());
        Instant finished = Instant.now();
        m.put("finished", finished.toString());
        m.put("duration_seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        m.put("exit_code", exitCode);
        m.put("java_version", System.getProperty("java.version"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        AtomicFiles.writeString(out.resolve("manifest.json"), Json.write(m));
    }
}
