package org.xmcbench.methods.xrtransformer;

import java.util.Arrays;
import java.util.Locale;

/** A parameter whose value is one of an enum's constants, written in lower case with '-' for '_'. */
final class ParamChoice {
    private ParamChoice() {}

    static String value(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <E extends Enum<E>> E parse(E[] values, String param, String s) {
        for (E e : values) {
            if (value(e).equals(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException(param + " must be one of " + String.join(" | ",
                Arrays.stream(values).map(ParamChoice::value).toList()) + ", got '" + s + "'");
    }
}
