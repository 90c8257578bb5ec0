package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A {@code docker-credential-<name>} program, written as a shell script into a folder the test puts on the
 * credential helper search path. It speaks the protocol the Docker CLI uses: {@code get} with the server
 * address on standard input, {@code {"ServerURL", "Username", "Secret"}} as JSON on standard output, and
 * "credentials not found in native keychain" with exit code 1 for a server it holds nothing for. It records
 * every call as {@code <argument> <server>}, one a line.
 */
public final class CredentialHelperScript {

    private final Path program;
    private final Path calls;

    private CredentialHelperScript(Path program, Path calls) {
        this.program = program;
        this.calls = calls;
    }

    /** A program answering with a user name and secret for each server in {@code logins} (server to {user, secret}). */
    public static CredentialHelperScript answering(Path dir, String name, Map<String, List<String>> logins) {
        StringBuilder cases = new StringBuilder();
        logins.forEach((server, login) -> cases.append("  '").append(server).append("') printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"%s\"}' \"$server\" '")
                .append(login.get(0)).append("' '").append(login.get(1)).append("' ;;\n"));
        return write(dir, name, "case \"$server\" in\n" + cases
                + "  *) echo 'credentials not found in native keychain'; exit 1 ;;\nesac\n");
    }

    /** A program that runs {@code body} after reading the server into {@code $server}. */
    public static CredentialHelperScript running(Path dir, String name, String body) {
        return write(dir, name, body);
    }

    private static CredentialHelperScript write(Path dir, String name, String body) {
        Path program = dir.resolve("docker-credential-" + name);
        Path calls = dir.resolve(name + ".calls");
        String script = "#!/bin/sh\nserver=$(cat)\necho \"$1 $server\" >> '" + calls + "'\n"
                + "[ \"$1\" = get ] || { echo \"unknown action $1\" >&2; exit 2; }\n" + body;
        try {
            Files.createDirectories(dir);
            Files.writeString(program, script);
            Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.writeString(calls, "");
        } catch (IOException e) {
            throw new UncheckedIOException("writing the credential program " + program + " failed", e);
        }
        return new CredentialHelperScript(program, calls);
    }

    public Path program() {
        return program;
    }

    /** Every call so far, as {@code <argument> <server>}. */
    public List<String> calls() {
        try {
            return Files.readAllLines(calls);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
