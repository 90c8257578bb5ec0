package io.patchrun.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks user name and password, for the login form and HTTP Basic alike, after asking the throttle: an
 * attempt it refuses never reaches the password check (and its bcrypt); a wrong password stays counted against
 * the user name and the client address.
 */
final class ThrottledLogins implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;

    ThrottledLogins(AuthenticationProvider passwords, LoginThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String user = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails details ? details.getRemoteAddress() : null;
        throttle.admit(user, address).ifPresent(refusal -> {
            throw refusal;
        });
        try {
            Authentication authenticated = passwords.authenticate(attempt);
            throttle.succeeded(user, address);
            return authenticated;
        } catch (BadCredentialsException e) {
            // Counted already, when it was admitted.
            throw e;
        } catch (RuntimeException e) {
            throttle.notChecked(user, address);
            throw e;
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
