package org.xmcbench.cli.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import org.xmcbench.cli.Suggestions;
import org.xmcbench.core.io.DataFormatException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Refuses a key a suite does not know (a typo such as {@code sett:} would otherwise be ignored, or reported by
 * Jackson at the wrong line), at every level: the top, method entries, ensembles and their members, container and
 * slurm. The allowed keys are the records' own components, so a key added to {@link Suite} is allowed here too.
 */
final class SuiteKeys {
    private SuiteKeys() {}

    static void check(YamlTree tree) {
        check(tree, tree.root(), Suite.class, "at the top level");
    }

    private static void check(YamlTree tree, Node node, Class<?> record, String where) {
        if (!(node instanceof MappingNode mapping)) {
            return; // a value of the wrong shape is Jackson's to refuse
        }
        List<String> allowed = new ArrayList<>();
        for (RecordComponent c : record.getRecordComponents()) {
            allowed.add(key(c));
        }
        for (NodeTuple t : mapping.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
            RecordComponent c = component(record, key);
            if (c == null) {
                throw new DataFormatException(tree.file(), "line " + YamlTree.line(t.getKeyNode()), "unknown key '"
                        + key + "' " + where + Suggestions.didYouMean(key, allowed) + "; allowed: "
                        + String.join(", ", allowed));
            }
            Class<?> nested = nestedRecord(record, c);
            if (nested == null) {
                continue;
            }
            String inside = t.getValueNode() instanceof SequenceNode ? "in an entry of '" + key + "'"
                    : "in '" + key + "'";
            if (t.getValueNode() instanceof SequenceNode list) {
                list.getValue().forEach(item -> check(tree, item, nested, inside));
            } else {
                check(tree, t.getValueNode(), nested, inside);
            }
        }
    }

    private static String key(RecordComponent c) {
        // @JsonProperty does not target record components: Java puts it on the accessor (and field, parameter).
        JsonProperty p = c.getAccessor().getAnnotation(JsonProperty.class);
        return p != null && !p.value().isEmpty() ? p.value() : c.getName();
    }

    private static RecordComponent component(Class<?> record, String key) {
        for (RecordComponent c : record.getRecordComponents()) {
            if (key(c).equals(key)) {
                return c;
            }
        }
        return null;
    }

    /** The record a component's value (or each of its list's items) is, if any. {@code methods} is read by hand. */
    private static Class<?> nestedRecord(Class<?> owner, RecordComponent c) {
        if (owner == Suite.class && c.getName().equals("methods")) {
            return Suite.MethodEntry.class;
        }
        Type t = c.getGenericType();
        if (t instanceof ParameterizedType p && p.getRawType() == List.class
                && p.getActualTypeArguments()[0] instanceof Class<?> item) {
            t = item;
        }
        return t instanceof Class<?> k && k.isRecord() ? k : null;
    }
}
