package io.patchrun.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import io.patchrun.container.ContainerDetails;
import io.patchrun.container.ContainerOperationException;
import io.patchrun.container.Containers;
import io.patchrun.pipeline.ImageSpec;
import io.patchrun.pipeline.Pipeline;
import io.patchrun.policy.PolicyDecision;
import io.patchrun.policy.PolicyGate;
import io.patchrun.policy.PolicyRules;
import io.patchrun.reload.PipelineFolder;

/**
 * The running containers of the pipelines' images that break the policy, as the engine reports them now: those the
 * policy gate would refuse to roll over, and those their pipeline's exceptions let through. Asked whenever a page
 * shows them, so they are listed whether or not a run is going.
 */
@Component
class PolicyFindings {

    /**
     * A container that breaks the policy.
     *
     * @param refusals what the gate refuses it for, each as {@code reason (what it does)}
     * @param allowed  what its pipeline's exceptions allow it
     */
    record Breach(String container, String image, String pipeline, List<String> refusals, List<String> allowed) {

        // Public: the templates call it, and SpEL only calls public methods.
        public boolean refused() {
            return !refusals.isEmpty();
        }
    }

    /** The breaches found, in pipeline, image and container order, or why the engine could not say about some. */
    record Found(List<Breach> breaches, String problem) {

        public List<Breach> refused() {
            return breaches.stream().filter(Breach::refused).toList();
        }
    }

    private final Containers containers;
    private final PipelineFolder pipelines;
    private final PolicyRules rules;

    PolicyFindings(Containers containers, PipelineFolder pipelines, PolicyRules rules) {
        this.containers = containers;
        this.pipelines = pipelines;
        this.rules = rules;
    }

    /** Every pipeline's containers that break the policy. */
    Found fleet() {
        List<Breach> breaches = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Pipeline pipeline : pipelines.list()) {
            for (ImageSpec image : pipeline.images()) {
                if (!check(pipeline, image, breaches, problems)) {
                    return new Found(breaches, String.join("; ", problems));
                }
            }
        }
        return new Found(breaches, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** The containers of one image that break the policy; none when no pipeline has the image. */
    Found image(String name) {
        List<Breach> breaches = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Pipeline pipeline : pipelines.list()) {
            Optional<ImageSpec> image = pipeline.images().stream().filter(i -> i.name().equals(name)).findFirst();
            if (image.isPresent()) {
                check(pipeline, image.get(), breaches, problems);
            }
        }
        return new Found(breaches, problems.isEmpty() ? null : String.join("; ", problems));
    }

    /** @return false when the engine cannot list containers at all, so asking about the next image is no use */
    private boolean check(Pipeline pipeline, ImageSpec image, List<Breach> breaches, List<String> problems) {
        List<String> names;
        try {
            names = containers.runningOf(image.ref());
        } catch (ContainerOperationException e) {
            problems.add(e.getMessage());
            return false;
        }
        PolicyGate gate = new PolicyGate(rules, pipeline.policy().allow());
        for (String name : names) {
            ContainerDetails details;
            try {
                details = containers.inspect(name);
            } catch (ContainerOperationException e) {
                // Removed between listing and inspecting, most often by a rollover going on right now.
                problems.add(e.getMessage());
                continue;
            }
            PolicyDecision decision = gate.decide(details.name(), details.access());
            if (!decision.findings().isEmpty()) {
                breaches.add(new Breach(details.name(), image.name(), pipeline.name(), texts(decision.refusals()), texts(decision.exceptionsUsed())));
            }
        }
        return true;
    }

    private static List<String> texts(List<PolicyDecision.Finding> findings) {
        return findings.stream().map(PolicyDecision.Finding::toString).toList();
    }
}
