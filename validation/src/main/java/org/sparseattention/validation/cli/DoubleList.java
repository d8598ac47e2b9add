package org.sparseattention.validation.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.sparseattention.validation.io.ListParser;

import picocli.CommandLine;

/**
 * An option value holding one or more (sorted, distinct) real numbers ({@code a,b,c} or {@code start:stop:count}).
 *
 * @param values the numbers (at least one)
 */
public record DoubleList(double[] values) {

    /** Validates and copies. */
    public DoubleList {
        if (values.length == 0) {
            throw new IllegalArgumentException("empty list");
        }
        values = values.clone();
    }

    /**
     * The only value.
     *
     * @param option option name for the error message
     * @throws IllegalArgumentException if the list has several values
     */
    public double single(String option) {
        if (values.length != 1) {
            throw new IllegalArgumentException(option + " takes a single number in this command, got " + this);
        }
        return values[0];
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(","));
    }

    /** picocli converter. */
    public static final class Converter implements CommandLine.ITypeConverter<DoubleList> {
        @Override
        public DoubleList convert(String value) {
            try {
                return new DoubleList(ListParser.sortedUnique(ListParser.doubles("value", value)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^value:? ?", ""));
            }
        }
    }
}
