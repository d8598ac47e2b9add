package org.sparseattention.validation.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.sparseattention.validation.io.ListParser;

import picocli.CommandLine;

/**
 * The value of {@code --lambda}: one ridge, a list of ridges (a lambda axis), or {@code opt} (the
 * ridge that minimises the theory test error at each point; docs/cli.md, curve).
 *
 * @param optimise whether {@code opt} was given
 * @param values   the ridges (empty for {@code opt}), each finite and {@code >= 0}
 */
public record LambdaOption(boolean optimise, double[] values) {

    /** Validates and copies. */
    public LambdaOption {
        values = values.clone();
        if (optimise != (values.length == 0)) {
            throw new IllegalArgumentException("--lambda takes a LIST of numbers or opt");
        }
        for (double v : values) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("--lambda values must be finite and >= 0, got " + v);
            }
        }
    }

    /** Whether this is a single number. */
    public boolean isSingle() {
        return !optimise && values.length == 1;
    }

    /**
     * The only value.
     *
     * @throws IllegalArgumentException for a list or {@code opt}
     */
    public double single() {
        if (!isSingle()) {
            throw new IllegalArgumentException("--lambda takes a single number in this command (a LIST or opt "
                    + "only in curve and figure), got " + this);
        }
        return values[0];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return optimise ? "opt" : Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    /** picocli converter: {@code opt}, {@code a,b,c} or {@code start:stop:count}. */
    public static final class Converter implements CommandLine.ITypeConverter<LambdaOption> {
        @Override
        public LambdaOption convert(String value) {
            try {
                if ("opt".equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return new LambdaOption(true, new double[0]);
                }
                return new LambdaOption(false, ListParser.doubles("value", value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^value:? ?", "")
                        .replaceFirst("^--lambda ", ""));
            }
        }
    }
}
