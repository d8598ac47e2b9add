package org.sparseattention.validation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The CSV columns of docs/cli.md (as a prefix: columns may be added), the plots and the manifest. */
class OutputContractTest {

    @TempDir
    Path dir;

    private List<String> run(String command, String csv, String... args) throws IOException {
        Path out = dir.resolve(command + args.length);
        String[] argv = new String[args.length + 3];
        argv[0] = command;
        System.arraycopy(args, 0, argv, 1, args.length);
        argv[args.length + 1] = "--out";
        argv[args.length + 2] = out.toString();
        StringWriter err = new StringWriter();
        CommandLine cl = StaCommand.newCommandLine();
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setErr(new PrintWriter(err));
        assertEquals(0, cl.execute(argv), err.toString());
        String manifest = Files.readString(out.resolve("manifest.json"));
        assertTrue(manifest.contains("\"command\": \"" + command + "\"") && manifest.contains("\"seed\": 1")
                && manifest.contains("\"version\""), manifest);
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        try (var files = Files.list(out)) {
            for (Path png : files.filter(p -> p.getFileName().toString().endsWith(".png")).toList()) {
                Path svg = png.resolveSibling(png.getFileName().toString().replace(".png", ".svg"));
                assertTrue(Files.exists(svg), "every PNG has an SVG twin: " + svg);
                String doc = Files.readString(svg).strip();
                assertTrue(doc.startsWith("<?xml") && doc.contains("<svg") && doc.endsWith("</svg>"),
                        "an SVG document: " + svg);
            }
        }
        return Files.readAllLines(out.resolve(csv));
    }

    private static void assertHeader(String expectedPrefix, List<String> lines) {
        assertTrue(lines.get(0).startsWith(expectedPrefix), lines.get(0));
    }

    @Test
    void curve() throws IOException {
        List<String> l = run("curve", "curve.csv", "--models", "pooled,vectorized", "--alpha1", "1,2");
        assertHeader("model,loss,alpha1,test_error,test_error_err,train_loss,train_error,residual", l);
        assertEquals(5, l.size());
        assertTrue(l.get(1).startsWith("pooled,logistic,1.0,"), l.get(1));
        assertTrue(Files.exists(dir.resolve("curve4").resolve("curve.png")));
    }

    /**
     * An attention run records how its law was sampled (the proposal and the ratio of spreads that chose it);
     * a run without attention records nothing.
     */
    @Test
    void attentionRunsRecordTheirSamplingProposal() throws IOException {
        run("curve", "curve.csv", "--models", "attention", "--alpha1", "1,2", "--qmc-points", "128");
        String manifest = Files.readString(dir.resolve("curve6").resolve("manifest.json"));
        assertTrue(manifest.contains("\"attention_sampling\"") && manifest.contains("\"proposal\": \"tilted")
                && manifest.matches("(?s).*\"spread_ratio\": 0\\.[0-9]+.*"), manifest);
        run("curve", "curve.csv", "--models", "pooled", "--alpha1", "1,2");
        assertTrue(!Files.readString(dir.resolve("curve4").resolve("manifest.json")).contains("attention_sampling"));
    }

    @Test
    void singlePointCurveIsATableWithoutPicture() throws IOException {
        List<String> l = run("curve", "curve.csv", "--models", "pooled,vectorized", "--alpha1", "2");
        assertEquals(3, l.size());
        Path out = dir.resolve("curve4");
        assertTrue(Files.notExists(out.resolve("curve.png")) && Files.notExists(out.resolve("curve.svg")));
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"picture\": \"none"));
    }

    @Test
    void align() throws IOException {
        List<String> l = run("align", "align.csv", "--alpha0", "1:4:4");
        assertHeader("alpha0,cos_w_xi,cos_q_xi,q_norm,q_dot_xi", l);
        assertEquals(5, l.size());
    }

    @Test
    void capacityWithAndWithoutGrid() throws IOException {
        assertHeader("model,alpha_star", run("capacity", "capacity.csv", "--models", "pooled"));
        List<String> l = run("capacity", "capacity.csv", "--models", "pooled", "--grid", "R=1:3:3", "--grid",
                "L=2,3");
        assertHeader("model,R,L,alpha_star", l);
        assertEquals(7, l.size());
        assertTrue(l.contains("pooled,2,2,,,undefined (R >= L)"), String.join("\n", l));
        assertTrue(Files.exists(dir.resolve("capacity6").resolve("capacity_pooled.png")));
    }

    @Test
    void oracle() throws IOException {
        assertHeader("model,L,theta,oracle_error", run("oracle", "oracle.csv", "--models", "pooled",
                "--L", "2,4", "--theta", "1,2"));
        assertHeader("model,L,target_error,theta_needed", run("oracle", "oracle.csv", "--models", "pooled",
                "--L", "2,4", "--target-error", "0.1"));
    }

    @Test
    void simulateWithJointSteps() throws IOException {
        List<String> l = run("simulate", "simulate.csv", "--models", "pooled", "--d", "40", "--trials", "2",
                "--alpha1", "2", "--test-samples", "2000", "--joint-steps", "2");
        assertHeader("model,loss,d,alpha1,trial,test_error,train_loss,train_error,cos_q_xi", l);
        assertEquals(3, l.size());
        assertTrue(l.get(1).startsWith("pooled,logistic,40,2.0,0,"), l.get(1));
        assertEquals("", l.get(1).split(",", -1)[8], "cos_q_xi is empty for linear models");
        List<String> joint = Files.readAllLines(dir.resolve("simulate12").resolve("joint.csv"));
        assertHeader("model,loss,d,alpha1,trial,step,test_error,cos_q_xi", joint);
    }
}
