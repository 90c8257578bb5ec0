package io.patchrun.status;

/**
 * What the Docker engine Patchrun drives said when asked.
 *
 * @param host       where Patchrun reaches it ({@code unix:///var/run/docker.sock})
 * @param answers    whether it answered
 * @param version    its server version, when it answered
 * @param apiVersion the API version it speaks, when it answered
 * @param problem    why it did not answer, in the user's terms, otherwise {@code null}
 */
public record EngineStatus(String host, boolean answers, String version, String apiVersion, String problem) {

    public static EngineStatus down(String host, String problem) {
        return new EngineStatus(host, false, null, null, problem);
    }
}
