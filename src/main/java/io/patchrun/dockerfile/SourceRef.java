package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code COPY --from=<name>} or {@code RUN --mount=...,from=<name>}, before it is known whether the name
 * is a stage, {@code scratch} or an image. Docker expands no variables in either.
 *
 * @param kind  {@link BaseUse.Kind#COPY_FROM} or {@link BaseUse.Kind#RUN_MOUNT}
 * @param name  as written
 * @param stage the index of the stage the instruction is in
 * @param line  the 1-based line of the instruction
 */
record SourceRef(BaseUse.Kind kind, String name, int stage, int line) {

    static Optional<SourceRef> ofCopy(Instruction copy, int stage) {
        List<String> values = BuilderFlags.extract(copy.rest()).values("from");
        String from = values.isEmpty() ? "" : values.get(values.size() - 1);
        return from.isEmpty() ? Optional.empty() : Optional.of(new SourceRef(BaseUse.Kind.COPY_FROM, from, stage, copy.line()));
    }

    static List<SourceRef> ofRun(Instruction run, int stage) {
        List<SourceRef> refs = new ArrayList<>();
        for (String mount : BuilderFlags.extract(run.rest()).values("mount")) {
            MountOptions.from(mount).ifPresent(name -> refs.add(new SourceRef(BaseUse.Kind.RUN_MOUNT, name, stage, run.line())));
        }
        return refs;
    }

    /** How the instruction names the source, for messages: {@code COPY --from=build}. */
    String written() {
        return kind == BaseUse.Kind.COPY_FROM ? "COPY --from=" + name : "RUN --mount from=" + name;
    }
}
