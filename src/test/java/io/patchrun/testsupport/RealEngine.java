package io.patchrun.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

import io.patchrun.docker.DockerClients;

/**
 * Gives a test class an {@link Engine} on the real Docker engine and the local registry, and removes
 * every container, image and registry manifest it made after the class, even when a test failed.
 * Without an engine the class is skipped with the reason, except in CI ({@code CI=true}), where a missing
 * engine is a failure: CI must never pass by skipping the tests that matter. Test classes get it through
 * {@link EngineTest}, which also tags them; a class that uses it without the tag fails, as it would otherwise
 * slip into the fast core.
 */
public final class RealEngine implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealEngine.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!context.getTags().contains(EngineTest.TAG)) {
            fail(context.getRequiredTestClass().getName() + " uses the real engine but is not tagged '" + EngineTest.TAG
                    + "': annotate it with @EngineTest instead of @ExtendWith(RealEngine.class)");
        }
        String problem = Engine.unavailableReason();
        if (problem != null) {
            String message = "no Docker engine and registry for real-engine tests (" + problem
                    + "); run config/engine.sh up (engine " + DockerClients.describe(null) + ", registry " + Engine.REGISTRY + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            throw new TestAbortedException(message);
        }
        context.getStore(NAMESPACE).put(Engine.class, Engine.open(context.getRequiredTestClass().getSimpleName()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Engine engine = context.getStore(NAMESPACE).remove(Engine.class, Engine.class);
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Engine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Engine.class, Engine.class);
    }
}
