package org.sparseattention.validation.core;

/**
 * One axis of a capacity grid: {@code NAME=LIST}.
 *
 * @param parameter the swept parameter
 * @param values    its values (at least one; stored sorted ascending, without repetitions)
 */
public record GridAxis(GridParameter parameter, double[] values) {

    /** Validates the axis. */
    public GridAxis {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("--grid " + parameter.label() + ": no values");
        }
        values = java.util.Arrays.stream(values).sorted().distinct().toArray();
    }

    /**
     * Parses {@code NAME=LIST}.
     *
     * @throws IllegalArgumentException on a missing {@code =}, an unknown name or a malformed list
     */
    public static GridAxis parse(String spec) {
        return parse(spec, GridParameter.CAPACITY);
    }

    /**
     * Parses {@code NAME=LIST} with a name among {@code allowed}.
     *
     * @throws IllegalArgumentException on a missing {@code =}, an unsupported name or a malformed list
     */
    public static GridAxis parse(String spec, java.util.Set<GridParameter> allowed) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--grid expects NAME=LIST (e.g. theta=1:8:30), got '" + spec + "'");
        }
        GridParameter p = GridParameter.parse(spec.substring(0, eq), allowed);
        return new GridAxis(p, p.parseValues(spec.substring(eq + 1)));
    }

    /** The value as a CSV/console cell: an integer for {@code L}, {@code R}. */
    public Object cell(int i) {
        return parameter.isInteger() ? (Object) (int) values[i] : (Object) values[i];
    }
}
