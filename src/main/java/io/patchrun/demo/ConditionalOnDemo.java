package io.patchrun.demo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;

/**
 * The demo's beans exist only in the server and only with {@code patchrun.demo.enabled=true}, which
 * {@code mvn spring-boot:run} sets (pom.xml) and {@code java -jar} does not. Without them nothing of the
 * demo runs: no thread, no buttons, no repositories or containers made, and a pipeline named {@code demo}
 * is a pipeline like any other. {@code plan}, {@code run --once} and the {@code demo} command never have them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(DemoProperties.ENABLED)
@interface ConditionalOnDemo {
}
