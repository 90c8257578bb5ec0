package io.patchrun.pipeline;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.Node;

/** Reads a pipeline's {@code notify:} mapping; every bad value is a problem with its line and field. */
final class NotifyReader {

    static final List<String> KEYS = List.of("level", "pending", "webhook", "slack", "email");
    private static final List<String> URL_KEYS = List.of("url");
    private static final List<String> EMAIL_KEYS = List.of("to");

    private NotifyReader() {
    }

    static NotifySpec read(YamlMap top, Problems problems) {
        int before = problems.count();
        return top.map("notify", KEYS).map(map -> notify(map, problems.count() > before)).orElse(NotifySpec.NONE);
    }

    /** @param keysWrong whether the mapping's own keys were refused already (a misspelt target is not "no target") */
    private static NotifySpec notify(YamlMap map, boolean keysWrong) {
        NotifySpec.Level level = map.text("level").map(text -> level(map, text)).orElse(NotifySpec.Level.FAILURES);
        boolean pending = map.bool("pending").orElse(false);
        URI webhook = map.map("webhook", URL_KEYS).flatMap(NotifyReader::url).orElse(null);
        URI slack = map.map("slack", URL_KEYS).flatMap(NotifyReader::url).orElse(null);
        List<String> to = map.map("email", EMAIL_KEYS).map(NotifyReader::recipients).orElse(List.of());
        if (level == null || map.has("webhook") && webhook == null || map.has("slack") && slack == null) {
            return NotifySpec.NONE;
        }
        if (webhook == null && slack == null && to.isEmpty() && !keysWrong) {
            map.problem("names no target: give at least one of webhook: { url }, slack: { url }, email: { to: [...] }");
            return NotifySpec.NONE;
        }
        return new NotifySpec(level, pending, webhook, slack, to);
    }

    private static NotifySpec.Level level(YamlMap map, String text) {
        try {
            return NotifySpec.Level.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            map.problem("level", "must be one of " + Arrays.stream(NotifySpec.Level.values()).map(NotifySpec.Level::key).toList()
                    + " (failures: FAILED, PARTIAL, ROLLED_BACK or refused containers; changes: also every run that built"
                    + " or rolled something; always: every run), got '" + text + "'");
            return null;
        }
    }

    private static Optional<URI> url(YamlMap target) {
        target.require("url", "where to send the message, e.g. url: \"https://hooks.example.com/...\"");
        return target.text("url").filter(text -> target.check("url", FieldRules.httpUrl(text))).map(URI::create);
    }

    private static List<String> recipients(YamlMap email) {
        email.require("to", "a list of addresses, e.g. to: [\"ops@example.com\"]");
        List<Node> nodes = email.nonEmptyList("to", "must list at least one address");
        List<String> to = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            String field = email.field("to") + "[" + i + "]";
            email.text(node, field).filter(address -> email.check(node, field, FieldRules.emailAddress(address)))
                    .ifPresent(to::add);
        }
        return to;
    }
}
