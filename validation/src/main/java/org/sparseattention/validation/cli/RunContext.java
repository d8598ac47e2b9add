package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.sparseattention.validation.io.AtomicFiles;
import org.sparseattention.validation.io.Json;
import org.sparseattention.validation.io.OutputDirectory;
import org.sparseattention.validation.io.Progress;
import org.sparseattention.validation.io.Table;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What one command run writes: its output directory (one complete run, see
 * {@link OutputDirectory}), the files it produced, its console streams, and finally
 * {@code manifest.json} with the effective value of every option and the provenance of the run.
 *
 * <p>Files are written into a staging directory ({@link #file(String)}) that replaces the output
 * directory only when the run succeeds; a failed or interrupted run goes to {@code DIR.failed}
 * with its manifest and diagnostics.
 */
public final class RunContext {
    /** Table rows printed on standard output before a table is summarised (see {@link #print}). */
    static final int MAX_PRINTED_ROWS = 24;

    private final String command;
    private final Path target;
    private final CommandSpec spec;
    private final long seed;
    private final boolean printTable;
    private final Instant started = Instant.now();
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, Object> effective = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> statusCounts = new TreeMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final StringBuilder log = new StringBuilder();
    private final PrintWriter teeErr;
    private OutputDirectory dir;
    private Thread hook;

    /**
     * @param command    subcommand name
     * @param target     output directory, already validated by {@link OutputDirectory#check}
     * @param spec       the subcommand's picocli spec (options and streams)
     * @param seed       the run's seed
     * @param printTable print whole tables on standard output
     */
    RunContext(String command, Path target, CommandSpec spec, long seed, boolean printTable) {
        this.command = command;
        this.target = target;
        this.spec = spec;
        this.seed = seed;
        this.printTable = printTable;
        JvmArguments.prefetch();
        PrintWriter console = spec.commandLine().getErr();
        this.teeErr = new PrintWriter(new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                console.write(cbuf, off, len);
                synchronized (log) {
                    if (log.length() < 1_000_000) {
                        log.append(cbuf, off, len);
                    }
                }
            }

            @Override
            public void flush() {
                console.flush();
            }

            @Override
            public void close() {
                console.flush();
            }
        }, true);
    }

    /** The output directory (its final location; write files through {@link #file(String)}). */
    public Path out() {
        return target;
    }

    /**
     * A file of this run, recorded in the manifest: a path inside the staging directory that
     * becomes the output directory when the run succeeds.
     */
    public Path file(String name) {
        return open().staging().resolve(name);
    }

    /** Standard output of the command. */
    public PrintWriter stdout() {
        return spec.commandLine().getOut();
    }

    /** Standard error of the command (also kept for the diagnostics of a failed run). */
    public PrintWriter stderr() {
        return teeErr;
    }

    /** A progress reporter on standard error whose time estimate weighs units by cost. */
    public Progress progress(String unit, int total, double totalWeight) {
        return new Progress(spec.commandLine().getErr(), command, unit, total, totalWeight);
    }

    /** A progress reporter on standard error. */
    public Progress progress(String unit, int total) {
        return new Progress(spec.commandLine().getErr(), command, unit, total);
    }

    /** Prints a warning line on standard error (also recorded in the manifest). */
    public void warn(String message) {
        synchronized (warnings) {
            warnings.add(message);
        }
        teeErr.println("sta " + command + ": warning: " + message);
        teeErr.flush();
    }

    /** Prints a note line on standard error. */
    public void note(String message) {
        teeErr.println("sta " + command + ": " + message);
        teeErr.flush();
    }

    /**
     * Writes {@code table} as {@code <out>/<name>} (atomically); a {@code status} column is counted
     * per value into the manifest's {@code status_counts}.
     */
    public void writeCsv(String name, Table table) {
        int col = table.header().indexOf("status");
        if (col >= 0) {
            Map<String, Integer> counts = new TreeMap<>();
            for (List<Object> row : table.rows()) {
                Object v = row.get(col);
                counts.merge(v == null || v.toString().isEmpty() ? "(empty)" : v.toString(), 1, Integer::sum);
            }
            synchronized (statusCounts) {
                statusCounts.put(name, counts);
            }
        }
        table.writeCsv(file(name));
    }

    /**
     * Prints {@code table} on standard output: whole when it is short or with {@code --print-table},
     * otherwise its first and last rows and where the full table is.
     *
     * @param table the table
     * @param csv   the file holding every row (named in the summary line), or {@code null}
     */
    public void print(Table table, String csv) {
        if (printTable || table.size() <= MAX_PRINTED_ROWS) {
            table.print(stdout());
            return;
        }
        table.print(stdout(), MAX_PRINTED_ROWS);
        stdout().println("(" + table.size() + " rows; every row is in "
                + (csv == null ? "the CSV files" : target.resolve(csv)) + "; --print-table prints them all)");
        stdout().flush();
    }

    /** Records an extra entry in the manifest. */
    public void manifest(String key, Object value) {
        synchronized (extra) {
            extra.put(key, value);
        }
    }

    /**
     * Records the value an option actually took (e.g. a default that depends on other options),
     * shown in the manifest's {@code parameters} instead of the parsed value.
     *
     * @param option option name without the leading dashes
     * @param value  its effective value (a number, boolean, string or list)
     */
    public void parameter(String option, Object value) {
        synchronized (effective) {
            effective.put(option, value);
        }
    }

    /**
     * Takes the output directory: the lock, the leftovers of killed runs, the staging directory.
     * Called once the inputs are validated (or by the first {@link #file(String)}).
     *
     * @throws OutputDirectory.UnusableException (an {@link IllegalArgumentException}, exit 2)
     */
    synchronized OutputDirectory open() {
        if (dir == null) {
            String holder = "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", sta " + command
                    + ", started " + started;
            dir = OutputDirectory.open(target, holder);
            // load now what the shutdown hook needs: classes first loaded while the JVM shuts down
            // could not register their own hooks
            AtomicFiles.pendingCount();
            Json.write(Map.of());
            JvmArguments.prefetch();
            hook = new Thread(this::interrupted, "sta-interrupted-run");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        return dir;
    }

    /** True once the output directory is taken. */
    synchronized boolean isOpen() {
        return dir != null;
    }

    /**
     * Ends the run: on success ({@code 0}, {@code 3}, {@code 4}) writes the manifest and swaps the
     * staging directory in; otherwise moves it with its manifest and {@code diagnostics.txt} to
     * {@code DIR.failed}. Releases the lock.
     *
     * @param exitCode the command's exit code
     * @param error    what failed (one line), or {@code null}
     * @param trace    stack trace or other diagnostics, or {@code null}
     * @return the exit code of the process (1 if the output cannot be moved in place)
     */
    synchronized int finish(int exitCode, String error, String trace) {
        if (dir == null) {
            return exitCode;
        }
        removeHook();
        try {
            if (exitCode == ExitCodes.OK || exitCode == ExitCodes.VALIDATION_FAILED || exitCode == 4) {
                try {
                    writeManifest(exitCode, null);
                    dir.commit();
                    return exitCode;
                } catch (RuntimeException e) {
                    error = "cannot complete the output directory " + target + ": " + e.getMessage();
                    teeErr.println("sta " + command + ": " + error);
                    teeErr.flush();
                    exitCode = ExitCodes.NUMERICAL_FAILURE;
                }
            }
            failRun(exitCode, error, trace);
            return exitCode;
        } finally {
            dir.close();
        }
    }

    /** The shutdown hook of an interrupted run (Ctrl-C, SIGTERM): keep its files apart, as a failure. */
    private void interrupted() {
        synchronized (this) {
            if (dir == null || dir.isFinished()) {
                return;
            }
            try {
                failRun(130, "interrupted (SIGINT or SIGTERM) before the run completed", null);
            } finally {
                dir.close();
            }
        }
    }

    private void failRun(int exitCode, String error, String trace) {
        try {
            writeManifest(exitCode, error);
            StringBuilder d = new StringBuilder();
            synchronized (log) {
                d.append(log);
            }
            if (trace != null) {
                d.append(trace);
            }
            AtomicFiles.writeString(dir.staging().resolve("diagnostics.txt"), d.toString());
        } catch (RuntimeException | LinkageError e) {
            // the disk may be full, or the JVM shutting down: keep what was written, the console
            // already has the diagnostics
        }
        Path failed = dir.fail();
        if (exitCode != 130) {
            teeErr.println("sta " + command + ": this failed run's files, manifest and diagnostics are in " + failed
                    + (Files.isDirectory(target) ? "; " + target + " still holds the previous complete run" : ""));
            teeErr.flush();
        }
    }

    private void removeHook() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already: the hook finds the run finished
            }
            hook = null;
        }
    }

    /** Writes {@code manifest.json} into the staging directory. */
    private void writeManifest(int exitCode, String error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tool", "sta");
        m.put("version", Version.get());
        m.put("git_commit", Version.commit());
        m.put("command", command);
        List<String> args = new ArrayList<>();
        if (spec.root().commandLine() != null && spec.root().commandLine().getParseResult() != null) {
            args.addAll(spec.root().commandLine().getParseResult().originalArgs());
        }
        m.put("command_line", "sta " + String.join(" ", args));
        m.put("arguments", args);
        m.put("parameters", parameters());
        m.put("seed", seed);
        m.put("output_directory", target.toString());
        List<String> files = new ArrayList<>(dir.stagedFiles());
        files.remove(OutputDirectory.MANIFEST);
        if (error != null) {
            files.add("diagnostics.txt");
        }
        m.put("files", files);
        synchronized (statusCounts) {
            m.put("status_counts", new TreeMap<>(statusCounts));
        }
        synchronized (warnings) {
            m.put("warnings", List.copyOf(warnings));
        }
        synchronized (extra) {
            m.putAll(extra);
        }
        m.put("started", started.toString());
        Instant finished = Instant.now();
        m.put("finished", finished.toString());
        m.put("duration_seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        m.put("exit_code", exitCode);
        if (error != null) {
            m.put("error", error);
        }
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        m.put("jvm_options", JvmArguments.get());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("host", hostName());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        AtomicFiles.writeString(dir.staging().resolve(OutputDirectory.MANIFEST), Json.write(m));
    }

    /** Every option of the command with its effective value, typed (numbers, booleans, arrays). */
    Map<String, Object> parameters() {
        Map<String, Object> params = new LinkedHashMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp()) {
                continue;
            }
            if (HelpLayout.unused(command, o.longestName())) {
                continue;
            }
            String key = o.longestName().replaceFirst("^--?", "");
            Object v = typed(o.getValue());
            if (v != null) {
                params.put(key, v);
            }
        }
        synchronized (effective) {
            for (Map.Entry<String, Object> e : effective.entrySet()) {
                Object v = typed(e.getValue());
                if (v != null) {
                    params.put(e.getKey(), v);
                } else {
                    params.remove(e.getKey());
                }
            }
        }
        params.put("out", target.toString());
        return params;
    }

    /** A JSON-ready value: numbers and booleans as such, one-element lists as their element. */
    static Object typed(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof IntList l) {
            int[] a = l.values();
            return a.length == 1 ? (Object) a[0] : java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof DoubleList l) {
            double[] a = l.values();
            return a.length == 1 ? (Object) a[0] : java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof int[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object o : c) {
                out.add(typed(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> mp) {
            Map<String, Object> out = new LinkedHashMap<>();
            mp.forEach((k, x) -> out.put(String.valueOf(k), typed(x)));
            return out;
        }
        if (v instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT);
        }
        String s = v.toString();
        // other option values (e.g. a LIST-or-keyword record): numbers when they print as numbers
        if (s.matches("[-+0-9.eE]+(,[-+0-9.eE]+)*")) {
            try {
                List<Object> out = new ArrayList<>();
                for (String x : s.split(",")) {
                    out.add(Double.parseDouble(x));
                }
                return out.size() == 1 ? out.get(0) : out;
            } catch (NumberFormatException e) {
                return s;
            }
        }
        return s;
    }

    /** The host name (from the environment or {@code /etc/hostname}; no network lookup). */
    static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).strip();
            } catch (java.io.IOException | RuntimeException e) {
                h = "";
            }
        }
        return h.isBlank() ? "unknown" : h;
    }

    /** The captured standard error (for tests). */
    String capturedStderr() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** A compact stack trace. */
    static String trace(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }
}
