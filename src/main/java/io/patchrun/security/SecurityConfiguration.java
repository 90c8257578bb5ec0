package io.patchrun.security;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Form login for the UI, HTTP Basic for the API; reading needs a user, changing anything needs ADMIN.
 * Both logins go through the {@link LoginThrottle}. CSRF protects every form and every call from a browser;
 * only a script's API call with Basic credentials and no sign of a browser is exempt ({@link ScriptedApiCall}).
 * Every answer carries a Content-Security-Policy that lets pages load scripts, styles and images from Patchrun
 * only, and be framed by nobody.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableConfigurationProperties({UsersProperties.class, LoginProperties.class})
class SecurityConfiguration {

    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
    /** Scrapers and probes log in with HTTP Basic: they are told so, not sent to the login page. */
    private static final RequestMatcher ACTUATOR = PathPatternRequestMatcher.withDefaults().matcher("/actuator/**");
    /**
     * A part of a page asked for by htmx (the live overview, a run's live part): sent to the login page, it would
     * draw the login page inside the page. Told to reload instead, the whole page goes to the login page.
     */
    private static final RequestMatcher HTMX = request -> "true".equals(request.getHeader("HX-Request"));

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /**
     * The one way to log in, form and Basic alike. The users are not a bean of their own: Spring Security would
     * otherwise build a second, unthrottled, password check from them.
     */
    @Bean
    AuthenticationProvider logins(UsersProperties properties, LoginProperties login, Environment environment, JdbcClient jdbc,
                                  PasswordEncoder encoder, Clock clock) {
        List<UserDetails> users = new ArrayList<>();
        users.add(User.withUsername(AdminPassword.ADMIN)
                .password(AdminPassword.encoded(environment, jdbc, encoder))
                .roles(Role.ADMIN.name()).build());
        users.addAll(ConfiguredUsers.from(properties));
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(users));
        passwords.setPasswordEncoder(encoder);
        return new ThrottledLogins(passwords, new LoginThrottle(login, clock));
    }

    /**
     * Image names travel in paths as {@code demo%2Fweb}. Tomcat passes the encoded slash through undecoded
     * (see WebConfiguration), so the firewall sees both the encoded slash and a percent sign in the path.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedSlash(true);
        firewall.setAllowUrlEncodedPercent(true);
        return firewall;
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/webjars/**", "/css/**", "/favicon.ico", "/error", "/actuator/health").permitAll()
                        .requestMatchers(HttpMethod.GET, "/**").authenticated()
                        .requestMatchers(HttpMethod.HEAD, "/**").authenticated()
                        .anyRequest().hasRole(Role.ADMIN.name()))
                .formLogin(form -> form.loginPage("/login").permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Wrong Basic credentials get the API's JSON answer too, not the servlet container's error page.
                .httpBasic(basic -> basic.authenticationEntryPoint(SecurityConfiguration::unauthorized))
                .csrf(csrf -> csrf.ignoringRequestMatchers(new ScriptedApiCall()))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .exceptionHandling(errors -> errors
                        .defaultAuthenticationEntryPointFor(SecurityConfiguration::unauthorized, API)
                        .defaultAuthenticationEntryPointFor(SecurityConfiguration::unauthorized, ACTUATOR)
                        .defaultAuthenticationEntryPointFor(SecurityConfiguration::reloadToLogIn, HTMX)
                        .defaultAccessDeniedHandlerFor((request, response, e) -> {
                            if (e instanceof CsrfException && !loggedIn() && request.getHeader("Authorization") == null) {
                                // A change sent with no credentials at all: the CSRF check comes first, but what is missing is a login.
                                // One with Basic credentials is refused for its missing token (before they are checked).
                                unauthorized(request, response, null);
                            } else {
                                json(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", e instanceof CsrfException
                                        ? "missing or stale CSRF token: send the X-CSRF-TOKEN header from the page; a script sends HTTP Basic"
                                        + " credentials, a JSON body (Content-Type: application/json) or none, and no Origin header"
                                        : "this needs the ADMIN role; user '" + principal(request) + "' may only read");
                            }
                        }, API)
                        // With the API's handler alone, Spring Security would use it for every request: pages get the error page.
                        .defaultAccessDeniedHandlerFor(new AccessDeniedHandlerImpl(), AnyRequestMatcher.INSTANCE));
        return http.build();
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws java.io.IOException {
        if (e instanceof LoginRefusedException refused) {
            response.setHeader("Retry-After", Long.toString(refused.retryAfterSeconds()));
            json(response, 429, "too_many_logins", refused.getMessage());
            return;
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"patchrun\"");
        json(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", "log in: HTTP Basic with a Patchrun user, or the UI's session");
    }

    private static void reloadToLogIn(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
        response.setHeader("HX-Refresh", "true");
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    }

    private static boolean loggedIn() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated() && !(authentication instanceof AnonymousAuthenticationToken);
    }

    private static String principal(HttpServletRequest request) {
        return request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName();
    }

    private static void json(HttpServletResponse response, int status, String error, String detail) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write("{\"error\":\"" + error + "\",\"detail\":\"" + detail.replace("\"", "'") + "\"}");
    }
}
