package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The command line built for one subcommand behaves exactly like the full one. */
class LazyCommandLineTest {

    private static List<String> names() {
        List<String> out = new ArrayList<>();
        for (String n : StaCommand.newCommandLine().getSubcommands().keySet()) {
            if (!n.equals("help")) {
                out.add(n);
            }
        }
        return out;
    }

    private static String[] run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void onlyTheNamedSubcommandIsBuiltAndItsHelpIsUnchanged() {
        List<String> names = names();
        assertTrue(names.size() >= 7, names.toString());
        for (String name : names) {
            CommandLine lazy = StaCommand.newCommandLine(new String[] {name, "--help"});
            assertEquals(List.of(name), new ArrayList<>(lazy.getSubcommands().keySet()), "only " + name + " registered");
            String[] l = run(lazy, name, "--help");
            String[] f = run(StaCommand.newCommandLine(), name, "--help");
            assertEquals(f[0], l[0], name + " --help exit code");
            assertEquals(f[1], l[1], name + " --help text");
            assertTrue(l[1].contains("Usage: sta " + name), l[1]);
        }
    }

    @Test
    void theSubcommandTableAgreesWithTheAnnotation() {
        for (String name : names()) {
            Class<?> c = StaCommand.subcommandClass(name);
            assertNotNull(c, name + " missing from the table");
            assertEquals(StaCommand.annotatedSubcommandClass(name), c, name);
            assertEquals(name, c.getAnnotation(CommandLine.Command.class).name());
        }
        assertNull(StaCommand.subcommandClass("help"));
        assertNull(StaCommand.subcommandClass("no-such-command"));
        assertNull(StaCommand.annotatedSubcommandClass("no-such-command"));
    }

    @Test
    void badInputGivesTheSameLineAndCode() {
        for (String[] args : new String[][] {{"curve", "--pi", "1.5"}, {"simulate", "--bogus"}, {"curve", "--L", "abc"}}) {
            String[] l = run(StaCommand.newCommandLine(args), args);
            String[] f = run(StaCommand.newCommandLine(), args);
            assertEquals("2", l[0], String.join(" ", args));
            assertEquals(f[0], l[0]);
            assertEquals(f[2], l[2], "stderr of " + String.join(" ", args));
        }
    }

    @Test
    void rootHelpVersionAndUnknownNamesUseTheFullCommandLine() {
        assertNull(StaCommand.subcommandClass("--help"));
        assertNull(StaCommand.subcommandClass("help"));
        assertNull(StaCommand.subcommandClass("nonsense"));
        assertNotNull(StaCommand.subcommandClass("curve"));
        assertEquals(StaCommand.newCommandLine().getSubcommands().keySet(),
                StaCommand.newCommandLine(new String[] {"--version"}).getSubcommands().keySet());
        String[] r = run(StaCommand.newCommandLine(new String[] {"nonsense"}), "nonsense");
        assertEquals("2", r[0]);
        assertEquals(1, r[2].strip().split("\n").length, r[2]);
    }
}
