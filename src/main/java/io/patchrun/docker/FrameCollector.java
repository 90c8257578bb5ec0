package io.patchrun.docker;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

/** Gathers a container's or an exec's output, stdout and stderr in the order the engine sent them. */
final class FrameCollector extends ResultCallback.Adapter<Frame> {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public synchronized void onNext(Frame frame) {
        bytes.writeBytes(frame.getPayload());
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
