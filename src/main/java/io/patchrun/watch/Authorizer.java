package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides the {@code Authorization} header for a repository. Once a repository has been challenged, its
 * challenge is remembered so that later requests carry the answer up front and need no second round trip.
 */
final class Authorizer {

    private static final String BEARER_PREFIX = "Bearer ";

    private record RepositoryKey(String registry, String repository) {
    }

    private final CredentialStore logins;
    private final TokenService tokenService;
    private final TokenCache tokens;
    private final Map<RepositoryKey, Challenge> challenges = new ConcurrentHashMap<>();

    Authorizer(CredentialStore logins, TokenService tokenService, TokenCache tokens) {
        this.logins = logins;
        this.tokenService = tokenService;
        this.tokens = tokens;
    }

    /** The header to send unasked: empty until the repository's registry has challenged us once. */
    Optional<String> upfront(ImageRef ref) {
        Challenge known = challenges.get(key(ref));
        return known == null ? Optional.empty() : Optional.of(answer(ref, known));
    }

    /**
     * Answers a challenge and remembers it for the repository.
     *
     * @param rejected the header the challenged request carried, whose token must not be offered again
     */
    String answer(ImageRef ref, Challenge challenge, Optional<String> rejected) {
        Challenge previous = challenges.get(key(ref));
        if (previous != null && previous.bearer()) {
            rejected.filter(header -> header.startsWith(BEARER_PREFIX)).ifPresent(header ->
                    tokens.reject(ref.registry(), previous.param("scope"), header.substring(BEARER_PREFIX.length())));
        }
        String authorization = answer(ref, challenge);
        challenges.put(key(ref), challenge);
        return authorization;
    }

    Optional<RegistryCredentials> login(ImageRef ref) {
        return logins.forRegistry(ref.registry());
    }

    private String answer(ImageRef ref, Challenge challenge) {
        Optional<RegistryCredentials> login = login(ref);
        if (challenge.bearer()) {
            return BEARER_PREFIX + tokens.get(ref.registry(), challenge.param("scope"),
                    () -> tokenService.fetch(ref, challenge, login));
        }
        if (challenge.scheme().equals(Challenge.BASIC)) {
            return login.orElseThrow(() -> Failures.noCredentials(ref)).basicAuthorization();
        }
        throw Failures.protocol(ref, "asks for authentication by the '" + challenge.scheme()
                + "' scheme, which patchrun does not speak (only Bearer and Basic)");
    }

    private static RepositoryKey key(ImageRef ref) {
        return new RepositoryKey(ref.registry(), ref.repository());
    }
}
