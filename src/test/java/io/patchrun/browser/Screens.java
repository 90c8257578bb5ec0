package io.patchrun.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Small helpers for driving the pages: open, wait for what a person would wait for, save a screenshot. */
public final class Screens {

    static final Path FOLDER = Path.of("target", "screenshots");

    private final WebDriver driver;
    private final String base;

    public Screens(WebDriver driver, int port) {
        this.driver = driver;
        this.base = "http://127.0.0.1:" + port;
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String path) {
        driver.get(base + path);
    }

    public String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public String page() {
        return find("body").getText();
    }

    public void logIn(String user, String password) {
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("form button[type=submit]").click();
        await(Duration.ofSeconds(10), user + " logged in", d -> !path().startsWith("/login"));
    }

    /** Clicks what submits a form and waits for the page it leads to. */
    public void submit(String css) {
        String before = driver.getCurrentUrl();
        find(css).click();
        await(Duration.ofSeconds(10), "the page after " + css, d -> !d.getCurrentUrl().equals(before));
    }

    /** Waits until {@code done} holds, re-reading the page each time: htmx may swap or reload it meanwhile. */
    public <T> T await(Duration timeout, String what, Function<WebDriver, T> done) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(250)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(done);
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(FOLDER);
            Path file = FOLDER.resolve(name + ".png");
            // The whole page, not only the first screen: grow the window to the page's height for the shot.
            Dimension screen = driver.manage().window().getSize();
            long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight");
            driver.manage().window().setSize(new Dimension(screen.getWidth(), (int) Math.max(screen.getHeight(), Math.min(height + 200, 4000))));
            try {
                Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            } finally {
                driver.manage().window().setSize(screen);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }
}
