package org.xmcbench.cli.run;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.xmcbench.core.api.MethodStrategy;

/** The installed methods, found through {@link ServiceLoader}: the harness knows them only by this interface. */
public final class Methods {
    private Methods() {}

    public static Map<String, MethodStrategy> installed() {
        Map<String, MethodStrategy> out = new TreeMap<>();
        for (MethodStrategy m : ServiceLoader.load(MethodStrategy.class)) {
            out.put(m.id(), m);
        }
        return out;
    }

    /** Why a method id is refused: the nearest installed id when it looks like a typo, and the installed ids. */
    public static String unknown(String id) {
        var ids = installed().keySet();
        return "unknown method '" + id + "'" + org.xmcbench.cli.Suggestions.didYouMean(String.valueOf(id), ids)
                + "; installed: " + String.join(", ", ids) + " (`xmc methods` describes them)";
    }

    public static MethodStrategy get(String id) {
        MethodStrategy m = installed().get(id);
        if (m == null) {
            throw new IllegalArgumentException("unknown method '" + id + "' (installed: " + installed().keySet() + ")");
        }
        return m;
    }
}
