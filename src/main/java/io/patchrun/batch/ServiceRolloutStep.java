package io.patchrun.batch;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import io.patchrun.container.Engines;
import io.patchrun.fleet.PushNames;
import io.patchrun.image.ImageRef;
import io.patchrun.pipeline.ContainerSelection;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyRules;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.service.ServiceEngines;
import io.patchrun.service.ServiceException;
import io.patchrun.service.ServiceRollouts;
import io.patchrun.service.Services;
import io.patchrun.service.SwarmService;
import io.patchrun.time.Pause;
import io.patchrun.time.Polling;

/**
 * The Swarm services of an image in a run: moved to the run's version (or, for a manual rollback, to the chosen one)
 * by digest, each with Swarm's rolling update, after the policy gate with the pipeline's exceptions. Their results join
 * the containers' in the image's record, named after the service.
 */
@Component
class ServiceRolloutStep {

    private final ServiceEngines services;
    private final Engines engines;
    private final PolicyRules policyRules;
    private final Polling polling;

    ServiceRolloutStep(ServiceEngines services, Engines engines, PolicyRules policyRules, Clock clock) {
        this.services = services;
        this.engines = engines;
        this.policyRules = policyRules;
        this.polling = new Polling(clock, Pause.sleeping());
    }

    /** Moves the services of {@code spec} on the engines {@code on} to its version {@code tag} built by this run. */
    List<RolloverResult> rollOut(RunState state, ImageSpec spec, String tag, List<String> on) {
        List<RolloverResult> results = new ArrayList<>();
        for (String engine : on) {
            moveTo(services.on(engine), state.pipeline, spec, tag, "updated to").forEach(result -> results.add(result.onEngine(engine)));
        }
        return results;
    }

    /** Moves the services of {@code spec}, on each engine it deploys to, back to its recorded version {@code tag}. */
    List<RolloverResult> rollBack(RunState state, ImageSpec spec, String tag) {
        List<RolloverResult> results = new ArrayList<>();
        for (String engine : enginesOf(spec)) {
            moveTo(services.on(engine), state.pipeline, spec, tag, "rolled back to").forEach(result -> results.add(result.onEngine(engine)));
        }
        return results;
    }

    /** The engines {@code spec} deploys to: those it names, or the build engine. */
    private List<String> enginesOf(ImageSpec spec) {
        return spec.engines().isEmpty() ? List.of(engines.build().name()) : spec.engines();
    }

    /**
     * The names of the services of {@code spec}, for a gate that holds its rollout back; when the engine cannot list
     * them, one entry that says so, so that the gate holds back rather than let them be updated unseen.
     */
    List<String> servicesOf(Pipeline pipeline, ImageSpec spec) {
        List<String> names = new ArrayList<>();
        for (String engine : enginesOf(spec)) {
            try {
                services.on(engine).list().stream().filter(service -> ServiceRollouts.belongs(service.image(), spec.ref(), pushedName(pipeline, spec)))
                        .map(SwarmService::name).forEach(names::add);
            } catch (ServiceException e) {
                names.add("the services of " + spec.name() + " on engine " + engine + " (not listed: " + e.getMessage() + ")");
            }
        }
        return names.stream().sorted().toList();
    }

    private static ImageRef pushedName(Pipeline pipeline, ImageSpec spec) {
        return pipeline.pushTo() == null ? null : PushNames.pushedName(pipeline.pushTo(), spec.ref());
    }

    private List<RolloverResult> moveTo(Services services, Pipeline pipeline, ImageSpec spec, String tag, String done) {
        ServiceRollouts rollouts = new ServiceRollouts(services, new PolicyGate(policyRules, pipeline.policy().allow()), polling);
        try {
            return rollouts.moveTo(new ServiceRollouts.Target(spec.ref(), pushedName(pipeline, spec),
                    tag, pipeline.file(), spec.rollout().healthTimeout(), pipeline.containers() == ContainerSelection.LABELLED), done);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the update of the services of " + spec.name() + " was interrupted", e);
        }
    }

    /** {@code message}, then Swarm's word on each service that was updated (the record names the others already, with why). */
    static String withServices(String message, List<RolloverResult> services) {
        List<RolloverResult> told = services.stream().filter(r -> r.status() == RolloverResult.Status.DEPLOYED).toList();
        return told.isEmpty() ? message
                : message + "; " + told.stream().map(r -> "service " + r.container() + ": " + r.message()).collect(Collectors.joining("; "));
    }
}
