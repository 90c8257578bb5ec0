package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * The instructions that decide a Dockerfile's bases, checked for syntax and order but not yet expanded:
 * the global ARGs (those before the first FROM), the FROM lines, and the COPY and RUN sources.
 */
record BaseInstructions(List<ArgDecl> globalArgs, List<FromLine> froms, List<SourceRef> sources) {

    BaseInstructions {
        globalArgs = List.copyOf(globalArgs);
        froms = List.copyOf(froms);
        sources = List.copyOf(sources);
    }

    static BaseInstructions of(String fileName, List<Instruction> instructions, char escape) {
        if (instructions.isEmpty()) {
            throw new DockerfileException(fileName, 0, "no instructions: the file is empty or holds only comments");
        }
        Collector collector = new Collector(escape);
        for (Instruction instruction : instructions) {
            try {
                collector.add(instruction);
            } catch (ParseProblem problem) {
                throw new DockerfileException(fileName, instruction.line(), problem.getMessage(), problem);
            }
        }
        if (collector.froms.isEmpty()) {
            throw new DockerfileException(fileName, 0, "no FROM instruction: a Dockerfile needs at least one FROM to have anything to build");
        }
        return new BaseInstructions(collector.globalArgs, collector.froms, collector.sources);
    }

    private static final class Collector {

        private final char escape;
        private final List<ArgDecl> globalArgs = new ArrayList<>();
        private final List<FromLine> froms = new ArrayList<>();
        private final List<SourceRef> sources = new ArrayList<>();

        Collector(char escape) {
            this.escape = escape;
        }

        void add(Instruction instruction) {
            String name = instruction.name();
            if (!Keywords.known(name)) {
                throw new ParseProblem(Keywords.unknown(instruction.keyword()));
            }
            if (name.equals("from")) {
                froms.add(FromLine.parse(instruction));
            } else if (name.equals("arg")) {
                addArgs(instruction);
            } else if (froms.isEmpty()) {
                throw new ParseProblem(instruction.keyword() + " comes before the first FROM; only ARG may come before FROM");
            } else if (name.equals("copy")) {
                SourceRef.ofCopy(instruction, froms.size() - 1).ifPresent(sources::add);
            } else if (name.equals("run")) {
                sources.addAll(SourceRef.ofRun(instruction, froms.size() - 1));
            }
        }

        /** ARGs after the first FROM belong to their stage and never reach a FROM line, but are checked all the same. */
        private void addArgs(Instruction arg) {
            List<ArgDecl> decls = ArgDecl.parseAll(arg, escape);
            if (froms.isEmpty()) {
                globalArgs.addAll(decls);
            }
        }
    }
}
