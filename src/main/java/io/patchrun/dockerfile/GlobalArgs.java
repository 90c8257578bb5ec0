package io.patchrun.dockerfile;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values FROM lines see: the ARGs declared before the first FROM, a build arg winning over the
 * default, each default expanded with the ARGs before it. Build args for undeclared names are ignored,
 * as Docker ignores them, except the automatic platform ARGs.
 */
final class GlobalArgs {

    /** Docker sets these from the build and target platforms; a parser only knows them as build args. */
    private static final List<String> AUTOMATIC = List.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT");

    private final Map<String, String> values;
    private final Set<String> declared;

    private GlobalArgs(Map<String, String> values, Set<String> declared) {
        this.values = values;
        this.declared = declared;
    }

    static GlobalArgs of(String fileName, List<ArgDecl> decls, Map<String, String> buildArgs, char escape, ExpansionBudget budget) {
        Map<String, String> values = new HashMap<>();
        Set<String> declared = new HashSet<>();
        for (String automatic : AUTOMATIC) {
            if (buildArgs.containsKey(automatic)) {
                values.put(automatic, buildArgs.get(automatic));
            }
        }
        for (ArgDecl decl : decls) {
            declared.add(decl.name());
            if (buildArgs.containsKey(decl.name())) {
                values.put(decl.name(), buildArgs.get(decl.name()));
            } else if (decl.defaultValue() != null) {
                values.put(decl.name(), expandDefault(fileName, decl, values, escape, budget));
            }
        }
        return new GlobalArgs(values, declared);
    }

    private static String expandDefault(String fileName, ArgDecl decl, Map<String, String> values, char escape,
                                        ExpansionBudget budget) {
        try {
            return WordExpander.expand(decl.defaultValue(), escape, values, budget).text();
        } catch (LimitProblem limit) {
            throw new DockerfileException(fileName, decl.line(), "ARG " + decl.name() + " " + limit.getMessage(), limit);
        } catch (ParseProblem problem) {
            throw new DockerfileException(fileName, decl.line(), "ARG " + decl.name() + "=" + decl.defaultValue() + ": " + problem.getMessage(), problem);
        }
    }

    Map<String, String> values() {
        return values;
    }

    /** Why a variable a FROM line uses has no value, and what to do about it. */
    String whyUnset(String name) {
        if (declared.contains(name)) {
            return "ARG " + name + " has no default and no build arg " + name + " was given: give the ARG a default (ARG "
                    + name + "=<value>) or pass the build arg";
        }
        if (AUTOMATIC.contains(name)) {
            return name + " is set by Docker from the build platform: pass it as a build arg to resolve this FROM";
        }
        return name + " is not an ARG declared before the first FROM, and only those apply to FROM lines: add ARG "
                + name + "=<default> before the first FROM";
    }
}
