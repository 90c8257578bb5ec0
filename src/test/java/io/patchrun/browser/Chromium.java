package io.patchrun.browser;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.opentest4j.TestAbortedException;

/**
 * Gives a test class a headless Chromium (Debian's {@code chromium} and {@code chromium-driver}), driven by
 * the system's chromedriver: Selenium never looks for or downloads a driver or browser of its own. Each
 * class gets a fresh profile, so no cookie or cache leaks between classes. Without Chromium the class is
 * skipped with the reason, except in CI ({@code CI=true}), where that is a failure. Test classes get it
 * through {@link BrowserTest}, which also tags them; a class that uses it without the tag fails.
 */
public final class Chromium implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

    private record Session(WebDriver driver, Path profile) {
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!context.getTags().contains(BrowserTest.TAG)) {
            fail(context.getRequiredTestClass().getName() + " uses Chromium but is not tagged '" + BrowserTest.TAG
                    + "': annotate it with @BrowserTest instead of @ExtendWith(Chromium.class)");
        }
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            String message = "no headless Chromium for browser tests (" + BROWSER + " and " + DRIVER
                    + " are needed); install them with: apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
        context.getStore(NAMESPACE).put(Session.class, start());
    }

    private static Session start() {
        // Selenium Manager would otherwise try to resolve drivers and browsers on the internet.
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        Path profile;
        try {
            profile = Files.createTempDirectory("patchrun-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a Chromium profile folder", e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1360,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().withLogFile(new File("target/chromedriver.log")).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Session(driver, profile);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Session session = context.getStore(NAMESPACE).remove(Session.class, Session.class);
        if (session != null) {
            session.driver().quit();
            deleteRecursively(session.profile());
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the Chromium profile " + dir, e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WebDriver.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Session.class, Session.class).driver();
    }
}
