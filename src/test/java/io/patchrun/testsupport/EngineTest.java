package io.patchrun.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that needs what {@code config/engine.sh up} starts: the Docker engine and the registry on
 * 127.0.0.1:5000. It is tagged {@value #TAG}, so the fast core ({@code -Dsurefire.excludedGroups=benchmark,engine,browser})
 * leaves it out, and {@link RealEngine} hands it an {@link Engine} and cleans up after it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(EngineTest.TAG)
@ExtendWith(RealEngine.class)
public @interface EngineTest {

    String TAG = "engine";
}
