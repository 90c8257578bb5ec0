package io.patchrun.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.patchrun.container.HostAccess;
import io.patchrun.image.ImageRef;
import io.patchrun.policy.Allowance;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyReason;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.testsupport.MutableClock;
import io.patchrun.time.Polling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class ServiceRolloutsTest {

    private static final String DIGEST = "sha256:" + "a".repeat(64);
    private static final String PUSHED = "127.0.0.1:5000/demo/web:v2";
    private static final String PINNED = PUSHED + "@" + DIGEST;
    private static final String OLD = "127.0.0.1:5000/demo/web:v1@sha256:" + "b".repeat(64);

    private final MutableClock clock = new MutableClock();
    private final Polling polling = new Polling(clock, clock::advance);
    private final FakeSwarm swarm = new FakeSwarm().pushed(PUSHED, DIGEST);

    private List<RolloverResult> rollOut(PolicyGate gate, boolean pushTo, boolean labelledOnly) throws InterruptedException {
        return new ServiceRollouts(swarm, gate, polling).moveTo(new ServiceRollouts.Target(ImageRef.parse("demo/web"),
                pushTo ? ImageRef.parse("127.0.0.1:5000/demo/web") : null, "v2", Path.of("pipelines/demo.yml"), Duration.ofSeconds(20),
                labelledOnly), "updated to");
    }

    private List<RolloverResult> rollOut() throws InterruptedException {
        return rollOut(PolicyGate.withDefaults(), true, false);
    }

    @Test
    void servicesOfTheImage_areUpdatedToThePushedVersionByDigest_startFirstWithSwarmsRollback_whenTheyDeclareNoSettings() throws Exception {
        swarm.service("web", OLD).service("web-local", "demo/web:v1").service("other", "127.0.0.1:5000/demo/api:v1");

        List<RolloverResult> results = rollOut();

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("web", RolloverResult.Status.DEPLOYED, "updated to " + PINNED + " by Swarm (start-first)"),
                tuple("web-local", RolloverResult.Status.DEPLOYED, "updated to " + PINNED + " by Swarm (start-first)"));
        assertThat(swarm.image("web")).isEqualTo(PINNED);
        assertThat(swarm.image("other")).isEqualTo("127.0.0.1:5000/demo/api:v1");
        assertThat(swarm.updates).extracting(FakeSwarm.Update::settings).containsOnly(new UpdateSettings(UpdateSettings.Order.START_FIRST,
                UpdateSettings.FailureAction.ROLLBACK, Duration.ofSeconds(20), 1));
    }

    @Test
    void aServiceThatDeclaresItsUpdateSettings_keepsThem() throws Exception {
        UpdateSettings own = new UpdateSettings(UpdateSettings.Order.STOP_FIRST, UpdateSettings.FailureAction.PAUSE, Duration.ofSeconds(5), 2);
        swarm.service("web", OLD, Map.of(), own, HostAccess.NONE);

        assertThat(rollOut()).extracting(RolloverResult::message).containsExactly("updated to " + PINNED + " by Swarm (stop-first)");
        assertThat(swarm.updates).extracting(FakeSwarm.Update::settings).containsExactly(own);
    }

    @Test
    void aServiceSwarmRolledBack_isRecordedRolledBackBySwarm_withSwarmsWords() throws Exception {
        swarm.service("web", OLD).settles(FakeSwarm.Verdict.ROLLED_BACK);

        RolloverResult result = rollOut().get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.ROLLED_BACK);
        assertThat(result.failed()).isTrue();
        assertThat(result.message()).isEqualTo("rolled back by Swarm: rollback completed: update rolled back due to failure or early termination of task x");
        assertThat(swarm.image("web")).isEqualTo(OLD);
    }

    @Test
    void aPausedUpdate_failsWithSwarmsWords() throws Exception {
        swarm.service("web", OLD).settles(FakeSwarm.Verdict.PAUSED);

        RolloverResult result = rollOut().get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.FAILED);
        assertThat(result.message()).isEqualTo("paused: update paused due to failure or early termination of task x (its update's failure"
                + " action is rollback)");
    }

    @Test
    void anUpdateThatNeverSettles_failsAfterItsMonitorAndHealthTime() throws Exception {
        swarm.service("web", OLD).settles(FakeSwarm.Verdict.NEVER);

        RolloverResult result = rollOut().get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.FAILED);
        assertThat(result.message()).isEqualTo("Swarm's update to " + PINNED + " did not settle within 1 min 40 s: updating: update in progress");
    }

    @Test
    void aCompletedUpdateWhoseTaskDoesNotRun_isRolledBackByPatchrunToTheImageItRan() throws Exception {
        swarm.service("web", OLD).settles(FakeSwarm.Verdict.COMPLETED_BUT_NOT_RUNNING);

        RolloverResult result = rollOut().get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.ROLLED_BACK);
        assertThat(result.message()).startsWith("not healthy within 20 s after Swarm's update: 0 of 1 task(s) running " + PINNED + "; task t-web-1 starting")
                .endsWith("; rolled back by Patchrun to " + OLD);
        assertThat(swarm.updates).extracting(FakeSwarm.Update::image).containsExactly(PINNED, OLD);
        assertThat(swarm.image("web")).isEqualTo(OLD);
    }

    @Test
    void withoutPushTo_theServiceIsLeftAlone_askingForPushTo() throws Exception {
        swarm.service("web", "demo/web:v1");

        RolloverResult result = rollOut(PolicyGate.withDefaults(), false, false).get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.SKIPPED);
        assertThat(result.message()).isEqualTo("service web needs an image every node can pull: set pushTo in pipelines/demo.yml");
        assertThat(swarm.updates).isEmpty();
    }

    @Test
    void aVersionWithoutAPushedDigest_isNotSentToSwarm() throws Exception {
        FakeSwarm unpushed = new FakeSwarm().service("web", OLD);

        RolloverResult result = new ServiceRollouts(unpushed, PolicyGate.withDefaults(), polling).moveTo(new ServiceRollouts.Target(
                ImageRef.parse("demo/web"), ImageRef.parse("127.0.0.1:5000/demo/web"), "v2", Path.of("p.yml"), Duration.ofSeconds(5), false),
                "updated to").get(0);

        assertThat(result.status()).isEqualTo(RolloverResult.Status.FAILED);
        assertThat(result.message()).contains("knows no pushed digest of 127.0.0.1:5000/demo/web:v2");
        assertThat(unpushed.updates).isEmpty();
    }

    @Test
    void theDockerSocketMountedInAService_isRefusedByThePolicyGate_unlessThePipelineAllowsIt() throws Exception {
        HostAccess socket = new HostAccess(false, List.of("/var/run/docker.sock"), List.of(), null, null, List.of());
        swarm.service("agent", OLD, Map.of(), null, socket);

        RolloverResult refused = rollOut().get(0);

        assertThat(refused.status()).isEqualTo(RolloverResult.Status.REFUSED);
        assertThat(refused.message()).contains("policy").contains("docker-socket").contains("{ container: agent, reason: docker-socket }");
        assertThat(swarm.updates).isEmpty();

        RolloverResult allowed = rollOut(PolicyGate.withDefaults().allowing(List.of(new Allowance("agent", PolicyReason.DOCKER_SOCKET))),
                true, false).get(0);

        assertThat(allowed.status()).isEqualTo(RolloverResult.Status.DEPLOYED);
        assertThat(allowed.policyNote()).startsWith("policy exception used");
    }

    @Test
    void labels_leaveAServiceAlone_likeAContainer() throws Exception {
        swarm.service("off", OLD, Map.of("io.patchrun.enable", "false"), null, HostAccess.NONE)
                .service("on", OLD, Map.of("io.patchrun.enable", "true"), null, HostAccess.NONE)
                .service("plain", OLD);

        assertThat(rollOut(PolicyGate.withDefaults(), true, true)).extracting(RolloverResult::container, RolloverResult::status).containsExactly(
                tuple("off", RolloverResult.Status.SKIPPED), tuple("on", RolloverResult.Status.DEPLOYED), tuple("plain", RolloverResult.Status.SKIPPED));
    }

    @Test
    void aServiceOnTheVersionAlready_isNotUpdatedAgain() throws Exception {
        swarm.service("web", PINNED);

        assertThat(rollOut()).extracting(RolloverResult::status).containsExactly(RolloverResult.Status.SKIPPED);
        assertThat(swarm.updates).isEmpty();
    }

    @Test
    void anEngineThatCannotListItsServices_failsTheImagesServices_withTheEnginesWords() throws Exception {
        FakeSwarm silent = new FakeSwarm() {
            @Override
            public List<SwarmService> list() {
                throw new ServiceException("list the swarm's services failed: connection refused", null);
            }
        };

        List<RolloverResult> results = new ServiceRollouts(silent, PolicyGate.withDefaults(), polling).moveTo(new ServiceRollouts.Target(
                ImageRef.parse("demo/web"), ImageRef.parse("127.0.0.1:5000/demo/web"), "v2", Path.of("p.yml"), Duration.ofSeconds(5), false),
                "updated to");

        assertThat(results).extracting(RolloverResult::container, RolloverResult::status, RolloverResult::message).containsExactly(
                tuple("services of demo/web", RolloverResult.Status.FAILED, "not updated: list the swarm's services failed: connection refused"));
    }

    @Test
    void aServiceBelongsToAnImage_byAnyTagOrDigestOfItsNameOrOfItsPushedName() {
        ImageRef image = ImageRef.parse("demo/web");
        ImageRef pushed = ImageRef.parse("127.0.0.1:5000/demo/web");

        assertThat(ServiceRollouts.belongs(OLD, image, pushed)).isTrue();
        assertThat(ServiceRollouts.belongs("demo/web", image, pushed)).isTrue();
        assertThat(ServiceRollouts.belongs("docker.io/demo/web:v1", image, null)).isTrue();
        assertThat(ServiceRollouts.belongs(OLD, image, null)).as("pushed name, but the image is not pushed").isFalse();
        assertThat(ServiceRollouts.belongs("127.0.0.1:5000/demo/web-admin:v1", image, pushed)).isFalse();
        assertThat(ServiceRollouts.belongs("not a reference!", image, pushed)).isFalse();
    }

    @Test
    void anEngineThatIsNoSwarmManager_hasNoServicesToUpdate() throws Exception {
        assertThat(rollOut()).isEmpty();
    }
}
