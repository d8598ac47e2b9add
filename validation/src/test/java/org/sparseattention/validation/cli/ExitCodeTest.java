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

    private CliRun run(CommandLine cl, String args) {
        String[] argv = args.isBlank() ? new String[0] : (args + " --out " + dir.resolve("o")).split(" ");
        return CliRun.on(cl, argv);
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
        CliRun r = run(StaCommand.newCommandLine(), args);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        String[] lines = r.err().strip().split("\n");
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("sta"), lines[0]);
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "bad input must not create the output directory");
    }

    /** Sizes that cannot fit in memory or finish: exit 2 within a second, one line naming the limit. */
    @ParameterizedTest
    @ValueSource(strings = {
        "curve --alpha1 1 --qmc-points 2147483647|--qmc-points must be <= 1048576",
        "curve --alpha1 1 --qmc-points 1048576|--qmc-points x --randomizations must be <=",
        "curve --alpha1 1 --randomizations 100000000|--randomizations must be <= 1024",
        "curve --alpha1 1 --threads 100000|--threads must lie in [1, ",
        "curve --alpha1 1:2:2000000000|exceeds the limit of 10000 values",
        "curve --alpha1 1 --tolerance 1e-300|--tolerance must be >= 1.0E-14",
        "simulate --d 50 --trials 2000000000|--trials must lie in [1, 100000]",
        "simulate --d 50 --trials 2 --test-samples 2000000000|--test-samples must be 0",
        "simulate --d 50 --trials 2 --test-samples 1|--test-samples must be 0",
        "simulate --d 50 --trials 2 --joint-steps 2000000000|--joint-steps must lie in [0, 100000]",
        "simulate --d 50 --trials 2 --alpha1 0.01|--alpha1 0.01 at d=50 gives 0 sample(s)",
        "simulate --d 100 --trials 2 --alpha1 0.014|--alpha1 0.014 at d=100 gives 1 sample(s)",
        "simulate --d 50 --trials 2 --alpha1 1 --alpha0 0.02 --models attention|--alpha0 0.02 at d=50 gives 1",
        "figure --d 50 --alpha1 0.01|--alpha1 0.01 at d=50",
        "validate --d 50,100 --trials 2 --alpha1 0.01 --no-separability|--alpha1 0.01 at d=50",
        "simulate --d 2000000000|--d must lie in [1, 10000000]"})
    void extremeSizesAreRejectedAtOnce(String caseAndMessage) {
        String[] parts = caseAndMessage.split("\\|");
        // a hang guard only: tests do not assert wall-clock speed
        CliRun r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                () -> run(StaCommand.newCommandLine(), parts[0]));
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertTrue(r.err().contains(parts[1]), r.err());
        assertFalse(Files.exists(dir.resolve("o")), "bad input must not create the output directory");
    }

    @Test
    void unusableOutIsBadInputBeforeAnyComputation() throws Exception {
        Path file = Files.writeString(dir.resolve("afile"), "x");
        for (String out : new String[] {"", file.toString(), file.resolve("sub").toString()}) {
            StringWriter err = new StringWriter();
            CommandLine cl = StaCommand.newCommandLine();
            cl.setOut(new PrintWriter(new StringWriter()));
            cl.setErr(new PrintWriter(err));
            assertEquals(ExitCodes.BAD_INPUT, cl.execute("curve", "--alpha1", "1", "--out", out), err.toString());
            assertEquals(1, err.toString().strip().split("\n").length, err.toString());
            assertTrue(err.toString().contains("--out"), err.toString());
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "nothing written beside the file");
        }
    }

    @Test
    void listsAreSortedAndDeduplicated() throws Exception {
        Path out = dir.resolve("sorted");
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("curve", "--models", "pooled", "--alpha1", "3,1,2,1,3", "--out", out.toString()));
        var lines = Files.readAllLines(out.resolve("curve.csv"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).startsWith("pooled,logistic,1.0,") && lines.get(2).startsWith("pooled,logistic,2.0,")
                && lines.get(3).startsWith("pooled,logistic,3.0,"), String.join("\n", lines));
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"alpha1\": [1.0, 2.0, 3.0]"), manifest);
    }

    @Test
    void plainCommandLineAlsoMapsValidationErrorsToTwo() {
        CliRun r = run(new CommandLine(new StaCommand()), "curve --pi 1.5");
        assertEquals(2, r.code());
        assertEquals("sta curve: pi must lie strictly between 0 and 1, got pi=1.5", r.err().strip());
    }

    @Test
    void missingSubcommandIsBadInput() {
        CliRun r = run(StaCommand.newCommandLine(), "");
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
            if (!HelpLayout.unused(name, option)) {
                assertTrue(out.toString().contains(option + "="), name + " lacks " + option);
            }
        }
        for (String group : new String[] {"Model options:", "Precision options:", "Output options:"}) {
            assertTrue(out.toString().contains(group), name + " lacks " + group);
        }
        HelpLayout.UNUSED.getOrDefault(name, java.util.Set.of())
                .forEach(o -> assertFalse(out.toString().contains(o + "="), name + " lists unused " + o));
    }
}
