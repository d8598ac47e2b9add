package org.sparseattention.validation.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/**
 * One in-process run of the {@code sta} command line in a test: its exit code and what it wrote
 * on standard output and standard error.
 *
 * @param code exit code
 * @param out  standard output
 * @param err  standard error
 */
public record CliRun(int code, String out, String err) {

    /** Runs {@code args} on a fresh command line. */
    public static CliRun of(String... args) {
        return on(StaCommand.newCommandLine(), args);
    }

    /** Runs {@code args} on {@code cl}, capturing both streams. */
    public static CliRun on(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
