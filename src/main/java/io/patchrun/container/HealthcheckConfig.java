package io.patchrun.container;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A container's or image's HEALTHCHECK. Every field may be {@code null}, meaning "not set here": the engine
 * then takes it from the image, field by field.
 *
 * @param test        the check command as the engine stores it ({@code ["CMD-SHELL", "wget -q ..."]},
 *                    {@code ["NONE"]} to switch an image's check off)
 * @param interval    time between checks
 * @param timeout     how long one check may take
 * @param startPeriod grace time after start during which failures do not count
 * @param retries     consecutive failures that make the container unhealthy
 */
public record HealthcheckConfig(List<String> test, Duration interval, Duration timeout, Duration startPeriod, Integer retries) {

    public HealthcheckConfig {
        test = test == null ? null : List.copyOf(test);
    }

    /**
     * What is left of this check once every field equal to {@code image}'s is cleared, so that a new image's
     * own check applies where this one only repeated the old image's; {@code null} when nothing is left.
     */
    HealthcheckConfig minus(HealthcheckConfig image) {
        if (image == null) {
            return this;
        }
        HealthcheckConfig rest = new HealthcheckConfig(unlessEqual(test, image.test), unlessEqual(interval, image.interval),
                unlessEqual(timeout, image.timeout), unlessEqual(startPeriod, image.startPeriod), unlessEqual(retries, image.retries));
        return rest.isEmpty() ? null : rest;
    }

    private boolean isEmpty() {
        return test == null && interval == null && timeout == null && startPeriod == null && retries == null;
    }

    private static <T> T unlessEqual(T value, T imageValue) {
        return Objects.equals(value, imageValue) ? null : value;
    }
}
