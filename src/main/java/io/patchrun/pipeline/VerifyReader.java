package io.patchrun.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a pipeline's {@code verify:} mapping and the key files it names. A key file's path is taken from the
 * pipeline file's folder, as a repository's local path is; a key that is missing, unreadable or not an ECDSA
 * P-256 PEM public key is a problem at the line that names it.
 */
final class VerifyReader {

    static final List<String> KEYS = List.of("key", "bases");
    /** Far above a PEM public key (178 bytes for P-256); only this much of a key file is read. */
    static final int MAX_KEY_FILE = 64 * 1024;

    private VerifyReader() {
    }

    static VerifySpec read(YamlMap top, Problems problems) {
        return top.map("verify", KEYS).map(map -> verify(map, problems)).orElse(VerifySpec.NONE);
    }

    private static VerifySpec verify(YamlMap map, Problems problems) {
        int before = problems.count();
        SigningKey key = map.node("key").flatMap(node -> key(node, map.field("key"), problems)).orElse(null);
        Map<String, SigningKey> bases = map.node("bases").map(node -> bases(node, map.field("bases"), problems)).orElse(Map.of());
        if (key == null && bases.isEmpty() && problems.count() == before) {
            map.problem("names no key: give key: path/to/cosign.pub (every base), bases: { \"registry/image\": path/to/key.pub }"
                    + " (those bases), or both");
        }
        return problems.count() > before ? VerifySpec.NONE : new VerifySpec(key, bases);
    }

    private static Map<String, SigningKey> bases(Node node, String field, Problems problems) {
        if (!(node instanceof MappingNode mapping)) {
            problems.at(node, field, "must be a mapping of base image names to key files, e.g. { \"127.0.0.1:5000/team/base\": keys/team.pub },"
                    + " got " + YamlMap.describe(node));
            return Map.of();
        }
        Map<String, SigningKey> bases = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node nameNode = tuple.getKeyNode();
            String name = nameNode instanceof ScalarNode scalar ? scalar.getValue() : null;
            if (name == null || name.isBlank()) {
                problems.at(nameNode, field, "keys must be base image names, got " + YamlMap.describe(nameNode));
                continue;
            }
            String entry = field + "." + name;
            Optional<String> wrongName = FieldRules.imageName(name);
            if (wrongName.isPresent()) {
                problems.at(nameNode, entry, wrongName.get());
                continue;
            }
            if (bases.containsKey(name)) {
                problems.at(nameNode, entry, "is given twice");
                continue;
            }
            key(tuple.getValueNode(), entry, problems).ifPresent(key -> bases.put(name, key));
        }
        return bases;
    }

    private static Optional<SigningKey> key(Node node, String field, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
            problems.at(node, field, "must be the path of a cosign public key file (relative to this file's folder), got "
                    + YamlMap.describe(node));
            return Optional.empty();
        }
        String written = scalar.getValue();
        Path file;
        try {
            file = problems.file().toAbsolutePath().getParent().resolve(written).normalize();
        } catch (InvalidPathException e) {
            problems.at(node, field, "is not a usable path: " + e.getReason() + ", got '" + written + "'");
            return Optional.empty();
        }
        try {
            return Optional.of(new SigningKey(written, SigningKey.parsePem(readKeyFile(file))));
        } catch (NoSuchFileException e) {
            problems.at(node, field, "there is no key file " + file + " (the path is taken from this file's folder)");
        } catch (IOException e) {
            problems.at(node, field, "cannot read the key file " + file + ": " + e);
        } catch (IllegalArgumentException e) {
            problems.at(node, field, "the key file " + file + " " + e.getMessage());
        }
        return Optional.empty();
    }

    private static String readKeyFile(Path file) throws IOException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A folder, a device or a named pipe, which could block the reader of the whole folder forever.
            throw new IllegalArgumentException("is not a regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_KEY_FILE + 1);
            if (bytes.length > MAX_KEY_FILE) {
                throw new IllegalArgumentException("is larger than " + MAX_KEY_FILE / 1024 + " KiB; a public key file is a few hundred bytes");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }
}
