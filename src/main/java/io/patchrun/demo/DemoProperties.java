package io.patchrun.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo fleet ({@code pipelines/demo.yml}). Whether there is a demo at all is
 * {@value #ENABLED}, off unless set; it switches the demo's beans on and off, these settings among them
 * ({@link ConditionalOnDemo}), so no demo class reads it.
 *
 * @param prefix  put before every name the demo makes (images, containers, the base), so a test or a
 *                second instance never touches the real {@code demo-web}; empty by default
 * @param webPort host port on 127.0.0.1 of container {@code demo-web}
 * @param apiPort host port on 127.0.0.1 of container {@code demo-api}
 */
@ConfigurationProperties("patchrun.demo")
@ConditionalOnDemo
record DemoProperties(String prefix, Integer webPort, Integer apiPort) {

    static final String ENABLED = "patchrun.demo.enabled";
    static final int WEB_PORT = 8081;
    static final int API_PORT = 8082;

    DemoProperties {
        prefix = prefix == null ? "" : prefix;
        webPort = port(webPort, WEB_PORT, "web-port");
        apiPort = port(apiPort, API_PORT, "api-port");
    }

    /** @throws IllegalArgumentException for a prefix that makes no valid names, so a bad setting stops the start */
    DemoNames names() {
        return new DemoNames(prefix);
    }

    private static int port(Integer given, int fallback, String name) {
        int port = given == null ? fallback : given;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("patchrun.demo." + name + " must be 1-65535, got " + port);
        }
        return port;
    }
}
