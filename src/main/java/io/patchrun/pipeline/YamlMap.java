package io.patchrun.pipeline;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping of a pipeline file with typed reads. A read that finds the wrong type or value
 * records the problem, with the field path and the node's line, and returns nothing, so reading goes
 * on and the user learns about every problem at once.
 */
final class YamlMap {

    private final MappingNode node;
    private final String path;
    private final Problems problems;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    private YamlMap(MappingNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Views {@code node} as a mapping whose only keys may be {@code keys}. */
    static Optional<YamlMap> of(Node node, String path, Problems problems, List<String> keys) {
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, path, "must be a mapping with keys " + String.join(", ", keys)
                    + ", got " + describe(node));
            return Optional.empty();
        }
        YamlMap map = new YamlMap(mapping, path, problems);
        map.index(keys);
        return Optional.of(map);
    }

    private void index(List<String> keys) {
        for (NodeTuple tuple : node.getValue()) {
            Node keyNode = tuple.getKeyNode();
            String key = keyNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (key == null) {
                problems.at(keyNode, path, "keys must be words, got " + describe(keyNode));
            } else if (!keys.contains(key)) {
                problems.at(keyNode, field(key), Suggestions.unknownKey(key, keys));
            } else if (entries.containsKey(key)) {
                int first = entries.get(key).getKeyNode().getStartMark().getLine() + 1;
                problems.at(keyNode, field(key), "is given twice in one mapping (first on line " + first + ")");
            } else {
                entries.put(key, tuple);
            }
        }
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value of {@code key}; an explicit null ({@code key:} with nothing after it) counts as absent. */
    Optional<Node> node(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || Tag.NULL.equals(tuple.getValueNode().getTag())) {
            return Optional.empty();
        }
        return Optional.of(tuple.getValueNode());
    }

    boolean has(String key) {
        return node(key).isPresent();
    }

    Optional<String> text(String key) {
        return scalar(key, "a text value");
    }

    Optional<String> requiredText(String key, String hint) {
        require(key, hint);
        return text(key);
    }

    Optional<String> text(Node value, String field) {
        return scalar(value, field, "a text value");
    }

    private Optional<String> scalar(String key, String expected) {
        return node(key).flatMap(value -> scalar(value, field(key), expected));
    }

    /** Reads a scalar as the text it is written as, so {@code ref: 1.10} stays "1.10", not 1.1. */
    private Optional<String> scalar(Node value, String field, String expected) {
        if (!(value instanceof ScalarNode scalar) || Tag.NULL.equals(value.getTag())) {
            problems.at(value, field, "must be " + expected + ", got " + describe(value));
            return Optional.empty();
        }
        if (scalar.getValue().isBlank()) {
            problems.at(value, field, "must not be empty");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** Reads {@code true} or {@code false}, nothing else (no YAML 1.1 "yes"/"on"). */
    Optional<Boolean> bool(String key) {
        return scalar(key, "true or false").flatMap(text -> {
            if (text.equals("true") || text.equals("false")) {
                return Optional.of(Boolean.parseBoolean(text));
            }
            problem(key, "must be true or false, got '" + text + "'");
            return Optional.empty();
        });
    }

    Optional<Integer> integer(String key, int min, int max) {
        Optional<String> text = scalar(key, "a whole number " + range(min, max));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int value;
        try {
            value = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            problem(key, "must be a whole number " + range(min, max) + ", got '" + text.get() + "'");
            return Optional.empty();
        }
        if (value < min || value > max) {
            problem(key, "must be " + range(min, max) + ", got " + value);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    Optional<Duration> duration(String key) {
        return scalar(key, "an ISO-8601 duration such as PT30S")
                .map(text -> FieldRules.duration(text, problem -> problem(key, problem)));
    }

    Optional<YamlMap> map(String key, List<String> keys) {
        return node(key).flatMap(value -> of(value, field(key), problems, keys));
    }

    Optional<List<Node>> list(String key) {
        return node(key).flatMap(value -> {
            if (value instanceof SequenceNode sequence) {
                return Optional.of(sequence.getValue());
            }
            problems.at(value, field(key), "must be a list, got " + describe(value));
            return Optional.empty();
        });
    }

    /** A list that must have elements; {@code whenEmpty} says why. */
    List<Node> nonEmptyList(String key, String whenEmpty) {
        List<Node> nodes = list(key).orElse(List.of());
        if (nodes.isEmpty() && node(key).filter(SequenceNode.class::isInstance).isPresent()) {
            problem(key, whenEmpty);
        }
        return nodes;
    }

    /** Records a missing required field at the start of this mapping. */
    void require(String key, String hint) {
        if (!has(key)) {
            problems.at(node, field(key), "missing required field: " + hint);
        }
    }

    /** Records a problem with the value of {@code key}, or with this mapping when the key is absent. */
    void problem(String key, String message) {
        problems.at(node(key).orElse(node), field(key), message);
    }

    /** Records {@code problem} against {@code key} when there is one; says whether the value is fine. */
    boolean check(String key, Optional<String> problem) {
        problem.ifPresent(message -> problem(key, message));
        return problem.isEmpty();
    }

    /** Records {@code problem} against a value inside this mapping (a list element); says whether the value is fine. */
    boolean check(Node value, String field, Optional<String> problem) {
        problem.ifPresent(message -> problems.at(value, field, message));
        return problem.isEmpty();
    }

    /** Records a problem with this mapping as a whole. */
    void problem(String message) {
        problems.at(node, path, message);
    }

    Located located(String key) {
        Node value = node(key).orElse(node);
        return new Located(field(key), value.getStartMark().getLine() + 1, value.getStartMark().getColumn() + 1);
    }

    private static String range(int min, int max) {
        return max == Integer.MAX_VALUE ? (min == 0 ? "0 or more" : "at least " + min) : min + "-" + max;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (Tag.NULL.equals(node.getTag())) {
            return "nothing";
        }
        return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "a " + node.getNodeId();
    }
}
