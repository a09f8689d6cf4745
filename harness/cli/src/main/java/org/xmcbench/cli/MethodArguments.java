package org.xmcbench.cli;

import java.util.Set;
import org.xmcbench.cli.run.Methods;
import picocli.CommandLine;

/** A method argument is an installed method's id; a mistyped one is a usage error naming the nearest id. */
final class MethodArguments {
    private MethodArguments() {}

    static void requireKnown(CommandLine cl, String method) {
        Set<String> installed = Methods.installed().keySet();
        if (!installed.contains(method)) {
            throw new CommandLine.ParameterException(cl, "unknown method '" + method + "'"
                    + Suggestions.didYouMean(method, installed) + "; installed: " + String.join(", ", installed)
                    + " (`xmc methods` describes them)");
        }
    }
}
