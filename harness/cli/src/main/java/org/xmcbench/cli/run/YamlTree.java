package org.xmcbench.cli.run;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.xmcbench.core.io.DataFormatException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML file as SnakeYAML's node tree (the parser Jackson's YAML reader uses), which keeps every node's line: what
 * an error about a suite names, where Jackson's records report the end of the enclosing mapping.
 */
final class YamlTree {
    private final Path file;
    private final Node root;

    private YamlTree(Path file, Node root) {
        this.file = file;
        this.root = root;
    }

    /** Parses the file; a syntax error names the file and the line to fix. */
    static YamlTree read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new YamlTree(file, new Yaml(new LoaderOptions()).compose(r));
        } catch (MarkedYAMLException e) {
            throw syntaxError(file, e);
        }
    }

    /**
     * At the end of the input (an unclosed {@code [} or quote) the problem's own line is just the file's end: the
     * line that opened what is unclosed is the one to fix. Otherwise the problem's line is.
     */
    private static DataFormatException syntaxError(Path file, MarkedYAMLException e) {
        Mark problem = e.getProblemMark();
        Mark context = e.getContextMark();
        String what = e.getProblem() == null ? "not YAML" : e.getProblem();
        boolean atEnd = what.contains("<stream end>") || what.contains("end of the stream");
        Mark at = atEnd && context != null ? context : problem != null ? problem : context;
        String where = context != null && context != at ? " (" + e.getContext() + " at line " + (context.getLine() + 1)
                + ")" : context != null && atEnd ? " (" + e.getContext() + " opened here and not closed)" : "";
        return new DataFormatException(file, at == null ? "" : "line " + (at.getLine() + 1),
                "YAML syntax error: " + what + where, e);
    }

    Path file() {
        return file;
    }

    Node root() {
        return root;
    }

    /** 1-based line of a node. */
    static int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    /**
     * The line of the node a path leads to (mapping keys as strings, list positions as ints), or of the deepest
     * node on the way that exists.
     */
    int line(Object... path) {
        Node n = root;
        Node last = root;
        for (Object step : path) {
            n = child(n, step);
            if (n == null) {
                break;
            }
            last = n;
        }
        return last == null ? 1 : line(last);
    }

    private static Node child(Node n, Object step) {
        if (n instanceof MappingNode m && step instanceof String key) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        } else if (n instanceof SequenceNode s && step instanceof Integer i && i < s.getValue().size()) {
            return s.getValue().get(i);
        }
        return null;
    }
}
