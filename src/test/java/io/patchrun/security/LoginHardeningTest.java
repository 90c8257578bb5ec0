package io.patchrun.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import io.patchrun.testsupport.AppClient;

/**
 * The whole app on a random port with a data folder it makes itself, a generated admin password and small login
 * limits (3 failures lock a user name, 5 an address). Every test speaks from an address of its own, as a proxy on
 * loopback says in X-Forwarded-For, so the counts of one test do not touch another's.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "patchrun.users[0].name=lock-form", "patchrun.users[0].password={noop}form-pw", "patchrun.users[0].role=VIEWER",
        "patchrun.users[1].name=lock-basic", "patchrun.users[1].password={noop}basic-pw", "patchrun.users[1].role=VIEWER",
        "patchrun.users[2].name=addr-user", "patchrun.users[2].password={noop}addr-pw", "patchrun.users[2].role=VIEWER",
        "patchrun.security.login.user.slowdown-after=3", "patchrun.security.login.user.lock-after=3",
        "patchrun.security.login.address.slowdown-after=5", "patchrun.security.login.address.lock-after=5",
        "patchrun.security.login.lock-for=PT15M",
})
class LoginHardeningTest {

    private static final Path ROOT = tempDir();
    private static final Path DATA_DIR = ROOT.resolve("data");

    @LocalServerPort
    int port;

    @MockitoSpyBean
    PasswordEncoder encoder;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("patchrun.data-dir", DATA_DIR::toString);
        registry.add("patchrun.pipelines-dir", () -> ROOT.resolve("pipelines").toString());
    }

    @Test
    void dataFolder_isMadeReadableByItsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DATA_DIR))).isEqualTo("rwx------");
    }

    @Test
    void generatedAdminPassword_isInAnOwnerOnlyFile_andNeverInTheLog(CapturedOutput output) throws IOException {
        Path file = DATA_DIR.resolve("admin-password");
        String password = Files.readString(file).strip();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(output.getAll()).contains("WARN").contains("Generated the password of user 'admin' and wrote it to")
                .contains(file.toString()).doesNotContain(password);
        assertThat(send(basic("admin", password, get("/api/runs"), "203.0.113.1")).statusCode()).isEqualTo(200);
    }

    @Test
    void formLogin_isRefusedAfterThreeFailures_withoutCheckingThePassword() {
        Browser browser = new Browser("198.51.100.1");
        for (int i = 0; i < 3; i++) {
            assertThat(browser.login("lock-form", "wrong-" + i)).isEqualTo("/login?error");
        }
        verify(encoder, times(3)).matches(any(), any());
        clearInvocations(encoder);

        assertThat(browser.login("lock-form", "form-pw")).as("the right password, too late").isEqualTo("/login?error");

        verify(encoder, never()).matches(any(), any());
        assertThat(browser.page("/login?error")).contains("Too many failed logins for this user name (3 in a row); locked for 15 min."
                + " The password was not checked.");
        assertThat(new Browser("198.51.100.2").login("lock-form", "form-pw")).as("from another address: the name is locked")
                .isEqualTo("/login?error");
        verify(encoder, never()).matches(any(), any());
    }

    @Test
    void basicLogin_isAnswered429AfterThreeFailures_withoutCheckingThePassword() {
        for (int i = 0; i < 3; i++) {
            assertThat(send(basic("lock-basic", "wrong-" + i, get("/api/runs"), "198.51.100.3")).statusCode()).isEqualTo(401);
        }
        clearInvocations(encoder);

        HttpResponse<String> refused = send(basic("lock-basic", "basic-pw", get("/api/runs"), "198.51.100.3"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("900");
        assertThat(refused.body()).contains("\"error\":\"too_many_logins\"").contains("Too many failed logins for this user name (3 in a row)");
        verify(encoder, never()).matches(any(), any());
    }

    @Test
    void anAddressThatFailsForManyNames_isRefused_whileOtherAddressesGoOn() {
        for (int i = 0; i < 5; i++) {
            send(basic("made-up-" + i, "guess", get("/api/runs"), "198.51.100.9"));
        }
        clearInvocations(encoder);

        HttpResponse<String> refused = send(basic("addr-user", "addr-pw", get("/api/runs"), "198.51.100.9"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed logins for address 198.51.100.9 (5 in a row)");
        verify(encoder, never()).matches(any(), any());
        assertThat(send(basic("addr-user", "addr-pw", get("/api/runs"), "198.51.100.10")).statusCode()).isEqualTo(200);
    }

    @Test
    void aBrowserFormPostWithCachedBasicCredentials_changesNothing() {
        String admin = adminPassword();
        HttpRequest.Builder form = post("/api/bases/check", "Content-Type", "application/x-www-form-urlencoded", "force=true");
        HttpRequest.Builder crossSite = post("/api/bases/check", "Content-Type", "application/json", "{}")
                .header("Origin", "https://evil.example").header("Sec-Fetch-Site", "cross-site");

        HttpResponse<String> formPost = send(basic("admin", admin, form, "198.51.100.20"));
        HttpResponse<String> fetch = send(basic("admin", admin, crossSite, "198.51.100.20"));

        assertThat(formPost.statusCode()).isEqualTo(403);
        assertThat(formPost.body()).contains("missing or stale CSRF token");
        assertThat(fetch.statusCode()).isEqualTo(403);
    }

    @Test
    void aScriptsBasicPost_stillWorks_withJsonOrWithoutABody() {
        String admin = adminPassword();

        HttpResponse<String> noBody = send(basic("admin", admin, HttpRequest.newBuilder(uri("/api/bases/check"))
                .POST(HttpRequest.BodyPublishers.noBody()), "198.51.100.21"));
        HttpResponse<String> json = send(basic("admin", admin, post("/api/bases/check", "Content-Type", "application/json", "{}"), "198.51.100.21"));

        assertThat(noBody.statusCode()).as(noBody.body()).isEqualTo(200);
        assertThat(noBody.body()).isEqualTo("{\"changed\":[]}");
        assertThat(json.statusCode()).as(json.body()).isEqualTo(200);
    }

    @Test
    void pagesAndApi_carryAContentSecurityPolicy() {
        for (HttpResponse<String> response : List.of(send(get("/login")), send(basic("admin", adminPassword(), get("/api/runs"), "198.51.100.30")))) {
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(response.uri().toString())
                    .hasValue("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'self';"
                            + " form-action 'self'; frame-ancestors 'none'");
        }
    }

    @Test
    void sessionCookie_isSecure_behindAProxyThatSaysHttps_andNotOtherwise() {
        HttpResponse<String> proxied = send(get("/login").header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "198.51.100.40"));
        HttpResponse<String> direct = send(get("/login"));

        assertThat(cookie(proxied)).contains("HttpOnly").contains("Secure");
        assertThat(cookie(direct)).contains("HttpOnly").doesNotContain("Secure");
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers().map()));
    }

    private static String adminPassword() {
        try {
            return Files.readString(DATA_DIR.resolve("admin-password")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A browser behind the proxy: its own cookies, its own client address. */
    private final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        private final String address;

        Browser(String address) {
            this.address = address;
        }

        /** Logs in through the form; answers where it was sent. */
        String login(String user, String password) {
            String token = AppClient.csrfToken(page("/login"));
            String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(token);
            HttpResponse<String> response = send(http, post("/login", "Content-Type", "application/x-www-form-urlencoded", form)
                    .header("X-Forwarded-For", address));
            URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
            return location.getRawPath() + (location.getRawQuery() == null ? "" : "?" + location.getRawQuery());
        }

        String page(String path) {
            return send(http, get(path).header("X-Forwarded-For", address)).body();
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpRequest.Builder post(String path, String header, String value, String body) {
        return HttpRequest.newBuilder(uri(path)).header(header, value).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpRequest.Builder basic(String user, String password, HttpRequest.Builder request, String address) {
        return request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("X-Forwarded-For", address);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        return send(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build(), request);
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("patchrun-logins");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
