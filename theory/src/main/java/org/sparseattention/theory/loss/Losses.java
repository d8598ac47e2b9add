package org.sparseattention.theory.loss;

import java.util.Locale;

/** Look-up of the losses by command-line name. */
public final class Losses {
    private Losses() {
    }

    /**
     * @param name {@code square}, {@code logistic} or {@code hinge} (case-insensitive)
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Loss byName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "square":
                return new SquareLoss();
            case "logistic":
                return new LogisticLoss();
            case "hinge":
                return new HingeLoss();
            default:
                throw new IllegalArgumentException("unknown loss '" + name + "': expected square, logistic or hinge");
        }
    }
}
