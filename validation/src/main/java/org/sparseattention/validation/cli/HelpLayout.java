package org.sparseattention.validation.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The {@code --help} of each subcommand: only the options that command uses, grouped as the
 * command's own options, then model, precision and output options; a short synopsis.
 */
final class HelpLayout {
    /** Options describing the model and the training protocol. */
    static final Set<String> MODEL = Set.of("--L", "--R", "--pi", "--theta", "--loss", "--lambda", "--beta", "--eta",
            "--eta-b", "--eta-w", "--eta-q", "--alpha0", "--models");
    /** Options setting numerical precision, randomness and parallelism. */
    static final Set<String> PRECISION = Set.of("--threads", "--randomizations", "--qmc-points", "--hermite-nodes",
            "--tolerance", "--seed", "--test-samples");
    /** Options about what is written and printed. */
    static final Set<String> OUTPUT = Set.of("--out", "--print-table", "--help", "--version");

    /**
     * Options a command accepts (they are shared) but does not use: left out of its help and of its
     * manifest, and a warning when given.
     */
    static final Map<String, Set<String>> UNUSED = Map.of(
            "simulate", Set.of("--randomizations", "--qmc-points", "--hermite-nodes", "--tolerance"),
            "align", Set.of("--models"));

    private HelpLayout() {
    }

    /** True if {@code command} does not use {@code option} (its longest name). */
    static boolean unused(String command, String option) {
        return UNUSED.getOrDefault(command, Set.of()).contains(option);
    }

    /** Installs the grouped option list and the short synopsis on every subcommand of {@code root}. */
    static void install(CommandLine root) {
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!(sub.getCommand() instanceof BaseCommand)) {
                continue;
            }
            sub.getCommandSpec().usageMessage().abbreviateSynopsis(true);
            Map<String, CommandLine.IHelpSectionRenderer> sections = sub.getHelpSectionMap();
            sections.put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> options(help, sub.getCommandSpec()));
            sub.setHelpSectionMap(sections);
        }
    }

    private static String options(CommandLine.Help help, CommandSpec spec) {
        String name = spec.name();
        Map<String, List<OptionSpec>> groups = new LinkedHashMap<>();
        String own = Character.toUpperCase(name.charAt(0)) + name.substring(1) + " options:";
        groups.put(own, new ArrayList<>());
        groups.put("Model options:", new ArrayList<>());
        groups.put("Precision options:", new ArrayList<>());
        groups.put("Output options:", new ArrayList<>());
        for (OptionSpec o : spec.options()) {
            String n = o.longestName();
            if (o.hidden() || unused(name, n)) {
                continue;
            }
            String g = MODEL.contains(n) ? "Model options:" : PRECISION.contains(n) ? "Precision options:"
                    : OUTPUT.contains(n) || o.usageHelp() || o.versionHelp() ? "Output options:" : own;
            groups.get(g).add(o);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> e : groups.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            CommandLine.Help.Layout layout = help.createDefaultLayout();
            CommandLine.Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
            for (OptionSpec o : e.getValue()) {
                layout.addOption(o, labels);
            }
            sb.append(System.lineSeparator()).append(e.getKey()).append(System.lineSeparator()).append(layout);
        }
        return sb.toString();
    }
}
