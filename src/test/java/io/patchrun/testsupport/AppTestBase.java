package io.patchrun.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole app on a random port, with its own data folder, an admin password, a viewer and an
 * extra registry that does not answer. Subclasses share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "PATCHRUN_ADMIN_PASSWORD=" + AppTestBase.ADMIN_PASSWORD,
        "patchrun.users[0].name=viewer",
        "patchrun.users[0].password={noop}" + AppTestBase.VIEWER_PASSWORD,
        "patchrun.users[0].role=VIEWER",
        "patchrun.registries[0]=127.0.0.1:5000",
        "patchrun.registries[1]=127.0.0.1:9",
})
public abstract class AppTestBase {

    public static final String ADMIN_PASSWORD = "s3cret-admin";
    public static final String VIEWER_PASSWORD = "look-only";

    private static final Path DATA_DIR = newDataDir();

    @LocalServerPort
    protected int port;

    protected AppClient client;

    /** The folder the app reads pipeline files from. */
    protected static Path pipelinesDir() {
        return DATA_DIR.resolve("pipelines");
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("patchrun.data-dir", DATA_DIR::toString);
        registry.add("patchrun.pipelines-dir", () -> DATA_DIR.resolve("pipelines").toString());
    }

    @BeforeEach
    void client() {
        client = new AppClient(port);
    }

    private static Path newDataDir() {
        try {
            return Files.createTempDirectory("patchrun-app-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
