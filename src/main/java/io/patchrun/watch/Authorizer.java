package io.patchrun.watch;

import io.patchrun.image.ImageRef;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides the {@code Authorization} header for a repository. Challenges are remembered, so that later
 * requests carry the answer up front and need no second round trip: a repository's own challenge, or else
 * one derived from another repository's challenge on the same registry, since registries scope pull tokens
 * as {@code repository:<name>:pull}. A wrong guess costs one 401, which is then answered as usual.
 */
final class Authorizer {

    private static final String BEARER_PREFIX = "Bearer ";
    private static final String SCOPE = "scope";

    private record RepositoryKey(String registry, String repository) {
    }

    private final RegistryLogins logins;
    private final TokenService tokenService;
    private final TokenCache tokens;
    private final Map<RepositoryKey, Challenge> byRepository = new ConcurrentHashMap<>();
    private final Map<String, Challenge> byRegistry = new ConcurrentHashMap<>();

    Authorizer(RegistryLogins logins, TokenService tokenService, TokenCache tokens) {
        this.logins = logins;
        this.tokenService = tokenService;
        this.tokens = tokens;
    }

    /** The header to send unasked: empty until the registry has challenged us once. */
    Optional<String> upfront(ImageRef ref) {
        Challenge known = byRepository.get(key(ref));
        if (known == null) {
            known = derived(byRegistry.get(ref.registry()), ref);
        }
        return known == null ? Optional.empty() : Optional.of(answer(ref, known));
    }

    /**
     * Answers a challenge and remembers it.
     *
     * @param rejected the header the challenged request carried, whose token must not be offered again
     */
    String answer(ImageRef ref, Challenge challenge, Optional<String> rejected) {
        rejected.filter(header -> header.startsWith(BEARER_PREFIX))
                .ifPresent(header -> tokens.reject(header.substring(BEARER_PREFIX.length())));
        String authorization = answer(ref, challenge);
        byRepository.put(key(ref), challenge);
        byRegistry.put(ref.registry(), challenge);
        return authorization;
    }

    /** The failure for a registry that refused access, saying who was offered and what to configure. */
    RegistryException refused(ImageRef ref, String answer) {
        Optional<RegistryCredentials> offered = login(ref);
        return Failures.authRefused(ref, answer, offered, logins.whatToConfigure(ref.registry(), offered));
    }

    private Optional<RegistryCredentials> login(ImageRef ref) {
        return login(logins, ref);
    }

    /** The registry's login, a login that cannot be read failing the check of {@code ref}. */
    static Optional<RegistryCredentials> login(RegistryLogins logins, ImageRef ref) {
        try {
            return logins.forRegistry(ref.registry());
        } catch (RegistryLoginException e) {
            throw Failures.loginUnreadable(ref, e);
        }
    }

    private String answer(ImageRef ref, Challenge challenge) {
        if (challenge.bearer()) {
            // The login is looked up only when a token must be fetched: a cached token needs none.
            return BEARER_PREFIX + tokens.get(ref.registry(), challenge.param(SCOPE), () -> tokenService.fetch(ref, challenge));
        }
        if (challenge.scheme().equals(Challenge.BASIC)) {
            return login(ref).orElseThrow(() -> Failures.noCredentials(ref, logins.whatToConfigure(ref.registry(), Optional.empty())))
                    .basicAuthorization();
        }
        throw Failures.protocol(ref, "asks for authentication by the '" + challenge.scheme()
                + "' scheme, which patchrun does not speak (only Bearer and Basic)");
    }

    /** The challenge the registry would send for this repository, when another repository's shows its pattern. */
    private static Challenge derived(Challenge other, ImageRef ref) {
        if (other == null || !other.bearer()) {
            return other;
        }
        String scope = other.param(SCOPE);
        if (!scope.startsWith("repository:") || !scope.endsWith(":pull")) {
            return null;
        }
        Map<String, String> params = new HashMap<>(other.params());
        params.put(SCOPE, "repository:" + ref.repository() + ":pull");
        return new Challenge(other.scheme(), params);
    }

    private static RepositoryKey key(ImageRef ref) {
        return new RepositoryKey(ref.registry(), ref.repository());
    }
}
