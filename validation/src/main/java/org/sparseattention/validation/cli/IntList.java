package org.sparseattention.validation.cli;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.sparseattention.validation.io.ListParser;

import picocli.CommandLine;

/**
 * An option value holding one or more (sorted, distinct) integers ({@code a,b,c} or {@code start:stop:count}).
 *
 * @param values the integers (at least one)
 */
public record IntList(int[] values) {

    /** Validates and copies. */
    public IntList {
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
    public int single(String option) {
        if (values.length != 1) {
            throw new IllegalArgumentException(option + " takes a single integer in this command, got " + this);
        }
        return values[0];
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    @Override
    public String toString() {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    /** picocli converter; the option name is filled in by picocli's message. */
    public static final class Converter implements CommandLine.ITypeConverter<IntList> {
        @Override
        public IntList convert(String value) {
            try {
                return new IntList(ListParser.sortedUnique(ListParser.ints("value", value)));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^value:? ?", ""));
            }
        }
    }
}
