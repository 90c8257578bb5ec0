package io.patchrun.status;

import io.patchrun.container.Engines;

/**
 * What one Docker engine Patchrun drives said when asked.
 *
 * @param name       its name ({@code patchrun.engines[i].name}, {@code local} when none are configured)
 * @param host       where Patchrun reaches it ({@code unix:///var/run/docker.sock})
 * @param answers    whether it answered
 * @param version    its server version, when it answered
 * @param apiVersion the API version it speaks, when it answered
 * @param problem    why it did not answer, in the user's terms, otherwise {@code null}
 */
public record EngineStatus(String name, String host, boolean answers, String version, String apiVersion, String problem) {

    /** The status of the one engine made from {@code patchrun.docker.host}. */
    public EngineStatus(String host, boolean answers, String version, String apiVersion, String problem) {
        this(Engines.DEFAULT_NAME, host, answers, version, apiVersion, problem);
    }

    public static EngineStatus down(String host, String problem) {
        return down(Engines.DEFAULT_NAME, host, problem);
    }

    public static EngineStatus down(String name, String host, String problem) {
        return new EngineStatus(name, host, false, null, null, problem);
    }
}
