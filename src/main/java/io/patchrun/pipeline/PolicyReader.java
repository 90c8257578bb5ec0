package io.patchrun.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.nodes.Node;

import io.patchrun.policy.Allowance;
import io.patchrun.policy.PolicyReason;

/** Reads a pipeline's {@code policy:} mapping; every bad value is a problem with its line and field. */
final class PolicyReader {

    static final List<String> KEYS = List.of("allow");
    private static final List<String> ALLOW_KEYS = List.of("container", "reason");
    /** Docker's rule for container names. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private PolicyReader() {
    }

    static PolicySpec read(YamlMap top, Problems problems) {
        int before = problems.count();
        return top.map("policy", KEYS).map(map -> policy(map, problems, problems.count() > before)).orElse(PolicySpec.NONE);
    }

    /** @param keysWrong whether the mapping's own keys were refused already: a misspelt key is not also a missing one */
    private static PolicySpec policy(YamlMap map, Problems problems, boolean keysWrong) {
        if (!keysWrong) {
            map.require("allow", "a list of exceptions, each { container: <name>, reason: <" + String.join("|", PolicyReason.keys()) + "> }");
        }
        List<Node> nodes = map.list("allow").orElse(List.of());
        List<Allowance> allow = new ArrayList<>();
        Map<Allowance, Integer> lines = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String field = map.field("allow") + "[" + i + "]";
            int before = problems.count();
            YamlMap.of(node, field, problems, ALLOW_KEYS).flatMap(entry -> allowance(entry, problems.count() > before)).ifPresent(allowance -> {
                Integer first = lines.putIfAbsent(allowance, node.getStartMark().getLine() + 1);
                if (first != null) {
                    problems.at(node, field, "allows " + allowance + " again (first on line " + first + ")");
                } else {
                    allow.add(allowance);
                }
            });
        }
        return new PolicySpec(allow);
    }

    private static Optional<Allowance> allowance(YamlMap entry, boolean keysWrong) {
        if (!keysWrong) {
            entry.require("container", "the name of the container the exception is for, e.g. container: backup-agent");
            entry.require("reason", "one of " + String.join(", ", PolicyReason.keys()));
        }
        Optional<String> container = entry.text("container")
                .filter(name -> entry.check("container", CONTAINER_NAME.matcher(name).matches() ? Optional.empty()
                        : Optional.of("must be a container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*), got '" + name + "'")));
        Optional<PolicyReason> reason = entry.text("reason")
                .flatMap(key -> {
                    Optional<PolicyReason> known = PolicyReason.byKey(key);
                    if (known.isEmpty()) {
                        entry.problem("reason", "unknown reason '" + key + "'; the reasons are " + String.join(", ", PolicyReason.keys()));
                    }
                    return known;
                });
        return container.isPresent() && reason.isPresent() ? Optional.of(new Allowance(container.get(), reason.get())) : Optional.empty();
    }
}
