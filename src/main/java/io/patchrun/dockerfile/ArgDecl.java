package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code name[=default]} of an {@code ARG} line.
 *
 * @param name         the variable
 * @param defaultValue the default as written, quotes and variables not yet expanded, or {@code null}
 * @param line         the 1-based line of the {@code ARG}
 */
record ArgDecl(String name, String defaultValue, int line) {

    static List<ArgDecl> parseAll(Instruction arg, char escape) {
        List<String> words = ShellWords.split(arg.rest(), escape);
        if (words.isEmpty()) {
            throw new ParseProblem("ARG needs a name: ARG <name>[=<default>]");
        }
        List<ArgDecl> decls = new ArrayList<>();
        for (String word : words) {
            int equals = word.indexOf('=');
            String name = equals < 0 ? word : word.substring(0, equals);
            if (name.isEmpty()) {
                throw new ParseProblem("ARG " + word + " has no name before the '='");
            }
            decls.add(new ArgDecl(name, equals < 0 ? null : word.substring(equals + 1), arg.line()));
        }
        return decls;
    }
}
