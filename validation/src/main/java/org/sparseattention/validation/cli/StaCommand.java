package org.sparseattention.validation.cli;

/** Entry point of the {@code sta} command (placeholder until the CLI lands). */
public final class StaCommand {
    private StaCommand() {
    }

    public static void main(String[] args) {
        System.err.println("sta: the command line is not built yet");
        System.exit(2);
    }
}
