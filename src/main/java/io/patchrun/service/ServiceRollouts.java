package io.patchrun.service;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;
import io.patchrun.policy.PolicyDecision;
import io.patchrun.policy.PolicyGate;
import io.patchrun.rollout.RolloverResult;
import io.patchrun.time.Polling;

/**
 * Moves the Swarm services of one image to one of its versions, each with Swarm's rolling update ({@link ServiceUpdate}),
 * one service after another. A service belongs to the image when its image is any tag of the image's name or of the
 * name it is pushed under. Before anything is done to one, its labels and the policy gate are asked, as for a container;
 * and it is only ever moved to the pushed reference pinned by digest, which every node of the swarm can pull: without
 * {@code pushTo} a service is left alone, with a message that asks for it.
 *
 * <p>Each service gets a {@link RolloverResult} named after it, whose image ids are the references it ran and was to
 * run, and whose message says Swarm's verdict.
 */
public final class ServiceRollouts {

    static final String ENABLE = "io.patchrun.enable";
    static final String WATCHTOWER_ENABLE = "com.centurylinklabs.watchtower.enable";

    private final Services services;
    private final PolicyGate gate;
    private final ServiceUpdate update;

    public ServiceRollouts(Services services, PolicyGate gate, Polling polling) {
        this.services = Objects.requireNonNull(services, "services");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.update = new ServiceUpdate(services, polling);
    }

    /**
     * Where the services of one image go.
     *
     * @param image         the image's name in the pipeline
     * @param pushedName    the name it is pushed under; {@code null} when its pipeline has no {@code pushTo}
     * @param tag           the version's tag
     * @param pipelineFile  the pipeline's file, for the message that asks for {@code pushTo}
     * @param healthTimeout how long the new tasks have to run (and pass their health check), and Swarm's monitor period
     *                      for a service that declares no update settings
     * @param labelledOnly  the pipeline's {@code containers: labelled}: only services labelled {@code io.patchrun.enable=true}
     */
    public record Target(ImageRef image, ImageRef pushedName, String tag, Path pipelineFile, Duration healthTimeout, boolean labelledOnly) {

        public Target {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(healthTimeout, "healthTimeout");
        }

        boolean owns(String serviceImage) {
            return belongs(serviceImage, image, pushedName);
        }
    }

    /**
     * Whether a service whose spec names {@code serviceImage} belongs to {@code image}: its image is any tag (or digest)
     * of the image's name or of {@code pushedName}, which is {@code null} when the image is not pushed.
     */
    public static boolean belongs(String serviceImage, ImageRef image, ImageRef pushedName) {
        try {
            ImageRef ref = ImageRef.parse(serviceImage);
            return ref.sameName(image) || (pushedName != null && ref.sameName(pushedName));
        } catch (InvalidReferenceException e) {
            return false;
        }
    }

    /**
     * Moves every service of {@code target}'s image to its version and says how each ended, by service name.
     *
     * @param done what a service's result says once it runs the version: {@code updated to}, {@code rolled back to}
     */
    public List<RolloverResult> moveTo(Target target, String done) throws InterruptedException {
        List<SwarmService> owned;
        Optional<String> pinned;
        try {
            owned = services.list().stream().filter(service -> target.owns(service.image())).sorted(Comparator.comparing(SwarmService::name)).toList();
            if (owned.isEmpty()) {
                return List.of();
            }
            pinned = target.pushedName() == null ? Optional.empty() : services.pinned(target.pushedName().withTag(target.tag()));
        } catch (ServiceException e) {
            // Nothing was changed: the image's services, whichever they are, stay where they are, and the run says why.
            return List.of(new RolloverResult("services of " + target.image().familiarName(), RolloverResult.Status.FAILED, null, null,
                    Duration.ZERO, "not updated: " + e.getMessage()));
        }
        List<RolloverResult> results = new ArrayList<>();
        for (SwarmService service : owned) {
            results.add(move(service, target, pinned, done));
        }
        return results;
    }

    private RolloverResult move(SwarmService service, Target target, Optional<String> pinned, String done) throws InterruptedException {
        Optional<String> skip = skipReason(service.labels(), target.labelledOnly());
        if (skip.isPresent()) {
            return new RolloverResult(service.name(), RolloverResult.Status.SKIPPED, service.image(), null, Duration.ZERO, skip.get());
        }
        PolicyDecision decision = gate.decide(service.name(), service.access());
        if (decision.refused()) {
            return new RolloverResult(service.name(), RolloverResult.Status.REFUSED, service.image(), null, Duration.ZERO,
                    decision.refusal(), decision.refusal());
        }
        RolloverResult result;
        if (target.pushedName() == null) {
            // Left alone, not failed: the version is fine for the image's containers, which still roll over.
            result = new RolloverResult(service.name(), RolloverResult.Status.SKIPPED, service.image(), null, Duration.ZERO,
                    "service " + service.name() + " needs an image every node can pull: set pushTo in " + target.pipelineFile());
        } else if (pinned.isEmpty()) {
            result = failed(service, "not updated: the engine knows no pushed digest of " + target.pushedName().withTag(target.tag())
                    + ", so no node could be told which image to pull");
        } else if (pinned.get().equals(service.image())) {
            result = new RolloverResult(service.name(), RolloverResult.Status.SKIPPED, service.image(), pinned.get(), Duration.ZERO,
                    "not updated: it runs " + pinned.get() + " already");
        } else {
            result = update.apply(service, pinned.get(), target.healthTimeout(), done);
        }
        String note = decision.exceptionNote();
        return note == null ? result : new RolloverResult(result.container(), result.status(), result.oldImageId(), result.newImageId(),
                result.outage(), result.message() + "; " + note, note);
    }

    private static RolloverResult failed(SwarmService service, String message) {
        return new RolloverResult(service.name(), RolloverResult.Status.FAILED, service.image(), null, Duration.ZERO, message);
    }

    /** A service labelled off, or, with {@code containers: labelled}, one not labelled on, is left alone. */
    static Optional<String> skipReason(Map<String, String> labels, boolean labelledOnly) {
        Optional<Boolean> enabled = flag(labels, ENABLE).or(() -> flag(labels, WATCHTOWER_ENABLE));
        if (enabled.isPresent() && !enabled.get()) {
            return Optional.of("not updated: the service is labelled " + ENABLE + "=false");
        }
        if (labelledOnly && enabled.isEmpty()) {
            return Optional.of("not updated: the pipeline updates only services labelled " + ENABLE + "=true (containers: labelled),"
                    + " and it has neither that label nor " + WATCHTOWER_ENABLE + "=true");
        }
        return Optional.empty();
    }

    private static Optional<Boolean> flag(Map<String, String> labels, String label) {
        String value = labels.get(label);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(value.trim()));
    }
}
