package org.sparseattention.simulation;

import java.util.Locale;

/**
 * Convex losses of docs/theory.md section 3: square {@code (y - x)^2/2}, logistic
 * {@code log(1 + exp(-y x))}, hinge {@code max(0, 1 - y x)}. {@code x} is the prediction.
 */
public enum LossKind {
    /** {@code (y - x)^2 / 2}. */
    SQUARE,
    /** {@code log(1 + exp(-y x))}. */
    LOGISTIC,
    /** {@code max(0, 1 - y x)}. */
    HINGE;

    /**
     * Parses "square", "logistic" or "hinge" (case-insensitive).
     *
     * @throws IllegalArgumentException with a one-line message for anything else
     */
    public static LossKind parse(String s) {
        if (s != null) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "square":
                    return SQUARE;
                case "logistic":
                    return LOGISTIC;
                case "hinge":
                    return HINGE;
                default:
                    break;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + s + "': expected square, logistic or hinge");
    }

    /** @return the lower-case name used on the command line */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Loss value {@code l(y, x)} (docs/theory.md section 3). */
    public double value(double y, double x) {
        switch (this) {
            case SQUARE: {
                double r = y - x;
                return 0.5 * r * r;
            }
            case LOGISTIC: {
                double m = -y * x;
                return m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
            }
            default:
                return Math.max(0.0, 1.0 - y * x);
        }
    }

    /**
     * Derivative {@code l'(y, x)} in the prediction {@code x}; for the hinge the subgradient
     * {@code -y} if {@code y x < 1} and 0 otherwise (docs/theory.md section 3 convention).
     */
    public double derivative(double y, double x) {
        switch (this) {
            case SQUARE:
                return x - y;
            case LOGISTIC: {
                double m = -y * x;
                // sigmoid(m) computed stably
                double s = m >= 0 ? 1.0 / (1.0 + Math.exp(-m)) : Math.exp(m) / (1.0 + Math.exp(m));
                return -y * s;
            }
            default:
                return y * x < 1.0 ? -y : 0.0;
        }
    }
}
