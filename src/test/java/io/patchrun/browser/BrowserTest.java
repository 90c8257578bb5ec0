package io.patchrun.browser;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that clicks through the UI in headless Chromium. It is tagged {@value #TAG}, so the fast core
 * ({@code -Dsurefire.excludedGroups=benchmark,engine,browser}) leaves it out, and {@link Chromium} hands it the browser.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(BrowserTest.TAG)
@ExtendWith(Chromium.class)
public @interface BrowserTest {

    String TAG = "browser";
}
