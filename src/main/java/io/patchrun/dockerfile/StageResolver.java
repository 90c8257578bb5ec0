package io.patchrun.dockerfile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.patchrun.image.ImageRef;
import io.patchrun.image.InvalidReferenceException;

/**
 * Expands the FROM lines with the global ARGs and decides, for each FROM, COPY --from and RUN --mount
 * from, whether it names an earlier stage, {@code scratch} or an external image, in Docker's order.
 */
final class StageResolver {

    private final String fileName;
    private final char escape;
    private final GlobalArgs globals;
    private final ExpansionBudget budget;
    private final List<Stage> stages = new ArrayList<>();
    /** Stage names seen so far; a later stage of the same name takes the name over, as in Docker. */
    private final Map<String, Integer> names = new HashMap<>();

    StageResolver(String fileName, char escape, GlobalArgs globals, ExpansionBudget budget) {
        this.fileName = fileName;
        this.escape = escape;
        this.globals = globals;
        this.budget = budget;
    }

    ParsedDockerfile resolve(BaseInstructions outline, Map<String, String> directives) {
        outline.froms().forEach(this::addStage);
        List<BaseUse> uses = new ArrayList<>();
        for (Stage stage : stages) {
            if (stage.image() != null) {
                uses.add(new BaseUse(stage.image(), BaseUse.Kind.FROM, stage.line()));
            }
        }
        // Sources resolve only now, against every stage name, so naming a later stage is an error, not an image.
        outline.sources().forEach(source -> resolve(source).ifPresent(uses::add));
        uses.sort(Comparator.comparingInt(BaseUse::line));
        Map<String, BaseUse> distinct = new LinkedHashMap<>();
        uses.forEach(use -> distinct.putIfAbsent(use.ref().toString(), use));
        return new ParsedDockerfile(stages, List.copyOf(distinct.values()), directives);
    }

    private void addStage(FromLine from) {
        WordExpander.Expansion base = expand(from, "FROM " + from.base(), from.base(), false);
        if (base.text().isEmpty()) {
            throw error(from.line(), "FROM " + from.base() + " names no image: " + whyEmpty(base), null);
        }
        Integer fromStage = names.get(base.text());
        ImageRef image = fromStage == null && !base.text().equals("scratch") ? image(from, base) : null;
        Stage stage = new Stage(stages.size(), from.alias(), platform(from), image, fromStage, from.line());
        stages.add(stage);
        if (from.alias() != null) {
            names.put(from.alias(), stage.index());
        }
    }

    private String whyEmpty(WordExpander.Expansion base) {
        if (base.unset().isEmpty()) {
            return "it expands to an empty string";
        }
        return String.join("; ", base.unset().stream().map(globals::whyUnset).toList());
    }

    private String platform(FromLine from) {
        if (from.platform() == null) {
            return null;
        }
        String written = "FROM --platform=" + from.platform();
        String platform = expand(from, written, from.platform(), true).text();
        if (platform.isEmpty()) {
            throw error(from.line(), written + " expands to an empty platform", null);
        }
        return platform;
    }

    private WordExpander.Expansion expand(FromLine from, String written, String word, boolean keepUnset) {
        try {
            return keepUnset ? WordExpander.expandKeepingUnset(word, escape, globals.values(), budget)
                    : WordExpander.expand(word, escape, globals.values(), budget);
        } catch (LimitProblem limit) {
            throw error(from.line(), DockerfileException.quoted(written) + " " + limit.getMessage(), limit);
        } catch (ParseProblem problem) {
            throw error(from.line(), written + ": " + problem.getMessage(), problem);
        }
    }

    private ImageRef image(FromLine from, WordExpander.Expansion base) {
        try {
            return ImageRef.parse(base.text());
        } catch (InvalidReferenceException e) {
            String written = base.text().equals(from.base()) ? DockerfileException.quoted(from.base())
                    : DockerfileException.quoted(from.base()) + " (= " + DockerfileException.quoted(base.text()) + ")";
            StringBuilder reason = new StringBuilder("FROM " + written + ": " + e.getMessage());
            String lower = base.text().toLowerCase(Locale.ROOT);
            if (names.containsKey(lower)) {
                reason.append("; stage names are matched as written in lower case: did you mean FROM ").append(lower).append('?');
            }
            base.unset().forEach(name -> reason.append("; ").append(globals.whyUnset(name)));
            throw error(from.line(), reason.toString(), e);
        }
    }

    private Optional<BaseUse> resolve(SourceRef source) {
        Integer stage = stageNamed(source);
        if (stage != null) {
            if (stage >= source.stage()) {
                throw error(source.line(), source.written() + ": stage " + stage + " (line " + stages.get(stage).line()
                        + ") does not come before this stage; only earlier stages can be used", null);
            }
            return Optional.empty();
        }
        if (source.name().equals("scratch")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BaseUse(ImageRef.parse(source.name()), source.kind(), source.line()));
        } catch (InvalidReferenceException e) {
            String hint = source.name().contains("$") ? "; Docker does not expand variables in --from: name the image in a stage"
                    + " (FROM ${IMAGE} AS <name>) and use --from=<name>" : "";
            throw error(source.line(), source.written() + ": " + e.getMessage() + hint, e);
        }
    }

    /** The stage a source names: by index (COPY only) or by name, case-insensitively as in Docker. */
    private Integer stageNamed(SourceRef source) {
        if (source.kind() == BaseUse.Kind.COPY_FROM) {
            Integer index = index(source.name());
            if (index != null && (index < 0 || index >= stages.size())) {
                throw error(source.line(), source.written() + ": there is no stage " + index + "; stages count from 0 and this file has "
                        + stages.size(), null);
            }
            if (index != null) {
                return index;
            }
        }
        return names.get(source.name().toLowerCase(Locale.ROOT));
    }

    private static Integer index(String name) {
        try {
            return Integer.valueOf(name);
        } catch (NumberFormatException notAnIndex) {
            return null;
        }
    }

    private DockerfileException error(int line, String reason, Throwable cause) {
        return new DockerfileException(fileName, line, reason, cause);
    }
}
