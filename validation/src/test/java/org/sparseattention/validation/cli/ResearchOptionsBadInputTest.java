package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input of the curve and figure research options: exit 2, one line naming the option. */
class ResearchOptionsBadInputTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "curve --lambda opt --grid lambda=0.01,0.1 --alpha1 2|--lambda",
        "curve --lambda 0.1,1 --grid lambda=0.01,0.1 --alpha1 2|--lambda",
        "curve --lambda 0.1,1 --grid theta=1,2 --alpha1 2|--lambda",
        "curve --lambda foo|--lambda",
        "curve --lambda -0.1,1|--lambda",
        "curve --target-error 0.5|--target-error",
        "curve --target-error 0|--target-error",
        "curve --target-error -0.1|--target-error",
        "curve --grid foo=1,2 --alpha1 2|--grid",
        "curve --grid theta=1,2 --grid L=5,6 --grid pi=0.3,0.4 --alpha1 2|--grid",
        "curve --grid theta=1,2|--alpha1",
        "curve --grid theta=1,2 --alpha1 2 --compare --models attention|--compare",
        "curve --compare --alpha1 2|--compare",
        "capacity --grid lambda=0.1,1|--grid",
        "simulate --lambda opt|--lambda",
        "figure --preset nonsense|--preset",
        "figure --grid theta=1,2|--grid",
        "figure --lambda opt --alpha1 0|--alpha1",
        "figure --lambda -1,2|--lambda",
        "figure --preset capacity-phase --grid foo=1,2|--grid",
        "figure --preset capacity-phase --grid theta=1,2 --grid L=4,5 --grid pi=0.3,0.4|--grid",
        "figure --preset paper-align --lambda opt|--lambda",
        "capacity --sep-d 100 --grid theta=1,2|--sep-d",
        "curve --budget 0.1|--budget",
        "curve --budget -3|--budget",
        "curve --budget 4 --grid theta=1,2|--budget",
        "curve --budget 4 --lambda opt|--budget"})
    void badInputIsOneLineNamingTheOption(String args, String option) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute((args + " --out " + dir.resolve("o")).split(" "));
        assertEquals(ExitCodes.BAD_INPUT, code, err.toString());
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, err.toString());
        assertTrue(lines[0].contains(option), lines[0]);
        assertFalse(Files.exists(dir.resolve("o")), "bad input must not create the output directory");
    }
}
