package io.patchrun.watch;

import static io.patchrun.watch.RegistryException.Kind.AUTH_REFUSED;
import static io.patchrun.watch.RegistryException.Kind.PROTOCOL;
import static io.patchrun.watch.RegistryException.Kind.UNKNOWN_IMAGE;
import static io.patchrun.watch.RegistryException.Kind.UNKNOWN_TAG;
import static io.patchrun.watch.RegistryException.Kind.UNREACHABLE;

import io.patchrun.image.ImageRef;
import java.net.URI;
import java.util.Optional;

/** The errors a digest check reports, each naming the reference, the registry and what to do about it. */
final class Failures {

    private Failures() {
    }

    static RegistryException unknownImage(ImageRef ref) {
        return new RegistryException(UNKNOWN_IMAGE, ref, prefix(ref) + "registry " + ref.registry()
                + " has no repository '" + ref.repository() + "'; check the image name or push the image there first");
    }

    static RegistryException unknownTag(ImageRef ref) {
        return new RegistryException(UNKNOWN_TAG, ref, prefix(ref) + "repository '" + ref.repository() + "' on registry "
                + ref.registry() + " has no tag '" + ref.tag() + "'; check the tag or push it");
    }

    static RegistryException authRefused(ImageRef ref, String answer, Optional<RegistryCredentials> offered, String whatToConfigure) {
        String as = offered.map(c -> "to user '" + c.username() + "'").orElse("without credentials");
        return new RegistryException(AUTH_REFUSED, ref, prefix(ref) + "registry " + ref.registry() + " refused access " + as
                + " (" + answer + "); " + whatToConfigure + " (registries also refuse access to repositories that do not exist)");
    }

    static RegistryException noCredentials(ImageRef ref, String whatToConfigure) {
        return new RegistryException(AUTH_REFUSED, ref, prefix(ref) + "registry " + ref.registry()
                + " asks for a user name and password and none is configured for it; " + whatToConfigure);
    }

    static RegistryException loginUnreadable(ImageRef ref, RegistryLoginException cause) {
        return new RegistryException(AUTH_REFUSED, ref, prefix(ref) + cause.getMessage(), cause);
    }

    static RegistryException unreachable(ImageRef ref, URI uri, String why, Throwable cause) {
        return new RegistryException(UNREACHABLE, ref, prefix(ref) + "could not reach registry " + ref.registry() + " at "
                + origin(uri) + ": " + why + "; check that it runs, that its address is right and that this host can reach it",
                cause);
    }

    static RegistryException protocol(ImageRef ref, String what) {
        return protocol(ref, what, null);
    }

    static RegistryException protocol(ImageRef ref, String what, Throwable cause) {
        return new RegistryException(PROTOCOL, ref, prefix(ref) + "registry " + ref.registry() + " " + what
                + "; check that " + ref.registry() + " is a working Docker registry (v2 API) and try again later", cause);
    }

    static RegistryException unexpected(ImageRef ref, RuntimeException cause) {
        return new RegistryException(PROTOCOL, ref, prefix(ref) + "unexpected " + cause
                + "; this is a fault in patchrun or in what registry " + ref.registry() + " answered, worth reporting", cause);
    }

    private static String prefix(ImageRef ref) {
        return "checking the digest of " + ref + " failed: ";
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
