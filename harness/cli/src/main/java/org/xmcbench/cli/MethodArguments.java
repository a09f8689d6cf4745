package org.xmcbench.cli;

import org.xmcbench.cli.run.Methods;
import picocli.CommandLine;

/** A method argument is an installed method's id; a mistyped one is a usage error naming the nearest id. */
final class MethodArguments {
    private MethodArguments() {}

    static void requireKnown(CommandLine cl, String method) {
        if (!Methods.installed().containsKey(method)) {
            throw new CommandLine.ParameterException(cl, Methods.unknown(method));
        }
    }
}
