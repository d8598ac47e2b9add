package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** Bad input gives exactly one line on standard error and exit code 2, before any computation. */
class ExitCodeTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(CommandLine cl, String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] argv = args.isBlank() ? new String[0] : (args + " --out " + dir.resolve("o")).split(" ");
        return new Run(cl.execute(argv), out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "curve --R 10", "curve --R 12 --L 10", "curve --pi 1.5", "curve --pi 0", "curve --L 10.5", "curve --L abc",
        "curve --loss foo", "curve --models attention,foo", "curve --alpha1 1,,2", "curve --alpha1 1:2",
        "curve --alpha1 1:2:0", "curve --alpha1 -1", "curve --R -1", "curve --bogus", "curve --L 5,6",
        "curve --lambda -1", "curve --threads 0", "curve --beta 0", "curve --eta-q -1", "align --alpha0 0",
        "align --alpha0 1:x:3", "capacity --grid foo=1:2:3", "capacity --grid L=2:10:4", "capacity --grid theta",
        "capacity --grid theta=1:2:3 --grid theta=2:3:2", "capacity --grid R=0:2:3", "capacity --grid pi=0.1,1",
        "capacity --grid L=1,2", "oracle --L 2,3.5", "oracle --target-error 0.7", "oracle --target-error 0.1 --theta 3",
        "oracle --L 1,2", "simulate --d -5", "simulate --trials 0", "simulate --alpha1 0", "simulate --joint-steps -1",
        "simulate --test-samples -1", "simulate --d 10.5", "validate --trials 1", "validate --d 100,abc",
        "validate --d 0,100", "figure --d -1", "figure --models none", "validate --sep-d 100,-2",
        "curve --alpha1 1 --L 100000000", "curve --alpha1 1 --theta 1e300", "curve --alpha1 1 --beta 1e308",
        "curve --alpha1 1 --eta 1e200", "align --alpha0 1e-300", "oracle --L 100000 --theta 2",
        "capacity --grid L=2:30000:3", "capacity --grid beta=1,1e300"})
    void badInputIsOneLineAndExitCode2(String args) {
        Run r = run(StaCommand.newCommandLine(), args);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("sta"), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "bad input must not create the output directory");
    }

    @Test
    void plainCommandLineAlsoMapsValidationErrorsToTwo() {
        Run r = run(new CommandLine(new StaCommand()), "curve --pi 1.5");
        assertEquals(2, r.code());
        assertEquals("sta curve: pi must lie strictly between 0 and 1, got pi=1.5", r.err().strip());
    }

    @Test
    void missingSubcommandIsBadInput() {
        Run r = run(StaCommand.newCommandLine(), "");
        assertEquals(2, r.code());
        assertEquals(1, r.err().strip().split("\n").length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"curve", "align", "capacity", "oracle", "simulate", "validate", "figure"})
    void everySubcommandHasHelp(String name) {
        StringWriter out = new StringWriter();
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute(name, "--help"));
        assertTrue(out.toString().contains("Usage: sta " + name), out.toString());
        for (String option : new String[] {"--L", "--R", "--pi", "--theta", "--loss", "--lambda", "--beta", "--eta",
            "--eta-b", "--eta-w", "--eta-q", "--alpha0", "--models", "--seed", "--out", "--threads"}) {
            assertTrue(out.toString().contains(option + "="), name + " lacks " + option);
        }
    }
}
