package io.patchrun.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One broken file per row: each must be refused with exactly one error naming file, line, column, field and why. */
class PipelineValidationTest {

    private static final Path FILE = Path.of("pipelines/demo.yml");

    /** Line 1 is the name; the image mapping starts on line 5, its fields are indented by 8. */
    private static final String VALID = """
            name: demo
            repositories:
              - url: ../demo-repos/web
                images:
                  - name: demo/web
            """;

    private static final String IMAGE = "repositories[0].images[0]";

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                broken("unknown top-level key, with a suggestion",
                        VALID + "retian: 3\n",
                        "6:1: retian: unknown key 'retian'; did you mean 'retain'? allowed here: "
                                + "name, schedule, watchEvery, onBaseChange, retain, pushTo, parallel, containers, notify, mode, window, verify, policy, repositories"),
                broken("unknown image key, with a suggestion ignoring case",
                        VALID + "        buildargs: { A: b }\n",
                        "6:9: " + IMAGE + ".buildargs: unknown key 'buildargs'; did you mean 'buildArgs'? "
                                + "allowed here: name, dockerfile, context, buildArgs, smoke, rollout"),
                broken("unknown key far from any allowed one, without a suggestion",
                        VALID + "colour: blue\n",
                        "6:1: colour: unknown key 'colour'; allowed here: name, schedule"),
                broken("key given twice",
                        VALID + "name: other\n",
                        "6:1: name: is given twice in one mapping (first on line 1)"),
                broken("missing name",
                        VALID.replace("name: demo\n", ""),
                        "1:1: name: missing required field: the pipeline's name, [a-z0-9-]+"),
                broken("missing repositories",
                        "name: demo\n",
                        "1:1: repositories: missing required field: a list of repositories"),
                broken("missing url",
                        VALID.replace("url: ../demo-repos/web\n    ", ""),
                        "3:5: repositories[0].url: missing required field: what Git clones"),
                broken("missing image name",
                        VALID.replace("name: demo/web", "dockerfile: Dockerfile"),
                        "5:9: " + IMAGE + ".name: missing required field: the image name"),
                broken("name with capitals and underscore",
                        VALID.replace("name: demo\n", "name: Demo_1\n"),
                        "1:7: name: must match [a-z0-9-]+ (lowercase letters, digits, dashes), got 'Demo_1'"),
                broken("name of the wrong type",
                        VALID.replace("name: demo\n", "name: [demo]\n"),
                        "1:7: name: must be a text value, got a list"),
                broken("empty name",
                        VALID.replace("name: demo\n", "name: ''\n"),
                        "1:7: name: must not be empty"),
                broken("bad cron, with Quartz's reason",
                        VALID + "schedule: \"0 0 25 * * ?\"\n",
                        "6:11: schedule: '0 0 25 * * ?' is not a Quartz cron expression: "
                                + "Hour values must be between 0 and 23"),
                broken("cron with five fields",
                        VALID + "schedule: \"0 3 * * *\"\n",
                        "6:11: schedule: '0 3 * * *' is not a Quartz cron expression"),
                broken("duration without ISO-8601 form",
                        VALID + "watchEvery: 15m\n",
                        "6:13: watchEvery: must be an ISO-8601 duration such as PT30S, PT15M or PT1H, got '15m'"),
                broken("zero duration",
                        VALID + "        rollout: { stopTimeout: PT0S }\n",
                        "6:33: " + IMAGE + ".rollout.stopTimeout: must be longer than zero, got PT0S"),
                broken("duration of the wrong type",
                        VALID + "        smoke: { command: [true], timeout: { s: 1 } }\n",
                        "6:44: " + IMAGE + ".smoke.timeout: must be an ISO-8601 duration such as PT30S, got a mapping"),
                broken("negative retain",
                        VALID + "retain: -1\n",
                        "6:9: retain: must be 0 or more, got -1"),
                broken("onBaseChange that is neither run nor wait",
                        VALID + "onBaseChange: now\n",
                        "6:15: onBaseChange: must be 'run' (patch at once when a base changes) or 'wait' (until the nightly run), got 'now'"),
                broken("retain that is not a number",
                        VALID + "retain: three\n",
                        "6:9: retain: must be a whole number 0 or more, got 'three'"),
                broken("no parallel builds",
                        VALID + "parallel: { builds: 0 }\n",
                        "6:21: parallel.builds: must be at least 1, got 0"),
                broken("parallel as a number instead of a mapping",
                        VALID + "parallel: 2\n",
                        "6:11: parallel: must be a mapping with keys builds, rollouts, got '2'"),
                broken("same image twice in one pipeline, written differently",
                        VALID + "  - url: ../api\n    images:\n      - name: docker.io/demo/web\n",
                        "8:15: repositories[1].images[0].name: image docker.io/demo/web is already built by "
                                + IMAGE + ".name (line 5); each image may appear once in a pipeline"),
                broken("repository with an empty image list",
                        VALID.replace("    images:\n      - name: demo/web\n", "    images: []\n"),
                        "4:13: repositories[0].images: must list at least one image"),
                broken("repository list that is empty",
                        "name: demo\nrepositories: []\n",
                        "2:15: repositories: must list at least one repository with url and images"),
                broken("repositories as a mapping",
                        "name: demo\nrepositories: { url: x }\n",
                        "2:15: repositories: must be a list, got a mapping"),
                broken("image name that is no reference",
                        VALID.replace("name: demo/web", "name: demo/Web App"),
                        "5:15: " + IMAGE + ".name: invalid image reference 'docker.io/demo/Web App': "
                                + "path component 'Web App' must be lowercase"),
                broken("image name with a tag",
                        VALID.replace("name: demo/web", "name: demo/web:1.0"),
                        "5:15: " + IMAGE + ".name: must be an image name without tag or digest"),
                broken("pushTo without a registry host",
                        VALID + "pushTo: demo\n",
                        "6:9: pushTo: must be a registry host[:port] optionally followed by /namespace, "
                                + "e.g. 127.0.0.1:5000/demo, got 'demo'"),
                broken("pushTo with a tag",
                        VALID + "pushTo: 127.0.0.1:5000/demo:1\n",
                        "6:9: pushTo: must be a registry host[:port]"),
                broken("dockerfile escaping the repository",
                        VALID + "        dockerfile: docker/../../Dockerfile\n",
                        "6:21: " + IMAGE + ".dockerfile: must stay inside the repository (no '..' above its root), "
                                + "got 'docker/../../Dockerfile'"),
                broken("context outside the repository",
                        VALID + "        context: /etc\n",
                        "6:18: " + IMAGE + ".context: must be a path inside the repository, relative to its root, "
                                + "got '/etc'"),
                broken("dockerfile that is the repository root",
                        VALID + "        dockerfile: ./\n",
                        "6:21: " + IMAGE + ".dockerfile: must name a file in the repository"),
                broken("http port out of range",
                        VALID + "        smoke:\n          http: { port: 70000 }\n",
                        "7:25: " + IMAGE + ".smoke.http.port: must be 1-65535, got 70000"),
                broken("http check without port",
                        VALID + "        smoke:\n          http: { path: /health }\n",
                        "7:17: " + IMAGE + ".smoke.http.port: missing required field: the container port"),
                broken("http path without leading slash",
                        VALID + "        smoke:\n          http: { port: 80, path: health }\n",
                        "7:35: " + IMAGE + ".smoke.http.path: must start with '/', got 'health'"),
                broken("http status out of range",
                        VALID + "        smoke:\n          http: { port: 80, status: 42 }\n",
                        "7:37: " + IMAGE + ".smoke.http.status: must be 100-599, got 42"),
                broken("smoke without any check",
                        VALID + "        smoke: { timeout: PT5S }\n",
                        "6:16: " + IMAGE + ".smoke: must give at least one check: http (port, path, status) or command"),
                broken("command as a string",
                        VALID + "        smoke: { command: test -f /x }\n",
                        "6:27: " + IMAGE + ".smoke.command: must be a list, got 'test -f /x'"),
                broken("command with a nested list",
                        VALID + "        smoke: { command: [sh, [x]] }\n",
                        "6:32: " + IMAGE + ".smoke.command[1]: must be a text value, got a list"),
                broken("command with a null argument",
                        VALID + "        smoke: { command: [sh, ~] }\n",
                        "6:32: " + IMAGE + ".smoke.command[1]: must be a text value, got nothing"),
                broken("containers with an unknown choice, spelt the American way",
                        VALID + "containers: labeled\n",
                        "6:13: containers: must be 'all' (every running container of the pipeline's images, except those labelled"
                                + " io.patchrun.enable=false) or 'labelled' (only those labelled io.patchrun.enable=true or"
                                + " com.centurylinklabs.watchtower.enable=true); did you mean 'labelled'? got 'labeled'"),
                broken("containers as a list",
                        VALID + "containers: [web-1]\n",
                        "6:13: containers: must be a text value, got a list"),
                broken("hooks without a command",
                        VALID + "        hooks: { timeout: PT5S }\n",
                        "6:16: " + IMAGE + ".hooks: must give preUpdate (run in the old container before it stops), postUpdate"),
                broken("hook command as a string, as Watchtower's labels write it",
                        VALID + "        hooks: { preUpdate: /drain.sh }\n",
                        "6:29: " + IMAGE + ".hooks.preUpdate: must be a list, got '/drain.sh'"),
                broken("hook command empty",
                        VALID + "        hooks: { postUpdate: [] }\n",
                        "6:30: " + IMAGE + ".hooks.postUpdate: must not be empty; give the program and its arguments, e.g."
                                + " [\"/bin/sh\", \"-c\", \"warm-up\"]"),
                broken("hook timeout of zero",
                        VALID + "        hooks: { preUpdate: [sh], timeout: PT0S }\n",
                        "6:44: " + IMAGE + ".hooks.timeout: must be longer than zero, got PT0S"),
                broken("hook key in Watchtower's spelling",
                        VALID + "        hooks: { pre-update: [sh] }\n",
                        "6:18: " + IMAGE + ".hooks.pre-update: unknown key 'pre-update'; did you mean 'preUpdate'?"),
                broken("build argument without a value",
                        VALID + "        buildArgs: { FLAVOUR: }\n",
                        "6:30: " + IMAGE + ".buildArgs.FLAVOUR: must be a text value (use \"\" for empty), "
                                + "got nothing"),
                broken("build argument with a bad name",
                        VALID + "        buildArgs: { 1FLAVOUR: slim }\n",
                        "6:22: " + IMAGE + ".buildArgs: argument names must be letters, digits and _ "
                                + "not starting with a digit, got '1FLAVOUR'"),
                broken("build arguments as a list",
                        VALID + "        buildArgs: [A=b]\n",
                        "6:20: " + IMAGE + ".buildArgs: must be a mapping of argument names to values"),
                broken("a list at the top instead of a mapping",
                        "- name: demo\n",
                        "1:1: must be a mapping with keys name, schedule, watchEvery, onBaseChange, retain, pushTo, parallel, "
                                + "containers, notify, mode, window, verify, policy, repositories, got a list"),
                broken("unknown notification level",
                        VALID + "notify: { level: errors, webhook: { url: \"http://127.0.0.1:9000/hook\" } }\n",
                        "6:18: notify.level: must be one of [failures, changes, always]"),
                broken("webhook URL that is not http, with its secret redacted",
                        VALID + "notify:\n  webhook: { url: \"ftp://hooks.example.com/T000/B000/XXX\" }\n",
                        "7:19: notify.webhook.url: must be an http:// or https:// URL with a host, e.g. https://hooks.example.com/services/T0/B0/XXX,"
                                + " got 'ftp://hooks.example.com/T000/…'"),
                broken("slack without url",
                        VALID + "notify:\n  slack: {}\n",
                        "7:10: notify.slack.url: missing required field: where to send the message"),
                broken("bad e-mail address",
                        VALID + "notify:\n  email: { to: [\"ops@example.com\", \"Ops Team\"] }\n",
                        "7:36: notify.email.to[1]: must be an e-mail address such as ops@example.com, got 'Ops Team'"),
                broken("notify key misspelt, with a suggestion",
                        VALID + "notify:\n  webhok: { url: \"http://127.0.0.1/h\" }\n",
                        "7:3: notify.webhok: unknown key 'webhok'; did you mean 'webhook'? allowed here: level, pending, webhook, slack, email"),
                broken("notify without a target",
                        VALID + "notify: { level: always }\n",
                        "6:9: notify: names no target"),
                broken("pending that is not a boolean",
                        VALID + "notify: { pending: yes, email: { to: [\"ops@example.com\"] } }\n",
                        "6:20: notify.pending: must be true or false, got 'yes'"),
                broken("unknown policy reason, with the valid ones",
                        VALID + "policy:\n  allow:\n    - { container: backup-agent, reason: socket }\n",
                        "8:42: policy.allow[0].reason: unknown reason 'socket'; the reasons are privileged, host-path, docker-socket,"
                                + " capability, host-namespace, unconfined"),
                broken("policy exception without a container",
                        VALID + "policy:\n  allow:\n    - { reason: privileged }\n",
                        "8:7: policy.allow[0].container: missing required field: the name of the container"),
                broken("policy exception for a name no container can have",
                        VALID + "policy:\n  allow:\n    - { container: /backup, reason: privileged }\n",
                        "8:20: policy.allow[0].container: must be a container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*), got '/backup'"),
                broken("policy exception key misspelt, with a suggestion",
                        VALID + "policy:\n  allow:\n    - { container: b, reasons: privileged }\n",
                        "8:23: policy.allow[0].reasons: unknown key 'reasons'; did you mean 'reason'? allowed here: container, reason"),
                broken("the same policy exception twice",
                        VALID + "policy:\n  allow:\n    - { container: b, reason: privileged }\n    - { container: b, reason: privileged }\n",
                        "9:7: policy.allow[1]: allows { container: b, reason: privileged } again (first on line 8)"),
                broken("policy without allow",
                        VALID + "policy: { alow: [] }\n",
                        "6:11: policy.alow: unknown key 'alow'; did you mean 'allow'? allowed here: allow"),
                broken("policy allow that is not a list",
                        VALID + "policy: { allow: { container: b, reason: privileged } }\n",
                        "6:18: policy.allow: must be a list, got a mapping"),
                broken("empty file",
                        "",
                        "1:1: the file is empty; a pipeline needs at least name and repositories"),
                broken("file with only comments",
                        "# nothing yet\n",
                        "1:1: the file is empty"),
                broken("YAML syntax error, at SnakeYAML's line",
                        VALID + "retain: [3\n",
                        "7:1: YAML syntax error: expected ',' or ']', but got <stream end> (while parsing a flow sequence)"),
                broken("tab indentation",
                        "name: demo\n\trepositories: []\n",
                        "2:1: YAML syntax error: "),
                broken("two documents in one file",
                        VALID + "---\nname: other\n",
                        "6:1: YAML syntax error: "));
    }

    private static Arguments broken(String description, String yaml, String expected) {
        return argumentSet(description, yaml, expected);
    }

    @ParameterizedTest
    @MethodSource("brokenFiles")
    void parse_refusesFile_withOneErrorNamingLineFieldAndReason(String yaml, String expected) {
        PipelineException e = catchThrowableOfType(PipelineException.class, () -> Pipeline.parse(FILE, yaml));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.errors()).as("errors").hasSize(1);
        assertThat(e.errors().get(0).file()).isEqualTo(FILE);
        assertThat(e.getMessage()).startsWith("pipelines/demo.yml:" + expected);
    }
}
