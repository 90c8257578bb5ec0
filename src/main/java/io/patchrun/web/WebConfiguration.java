package io.patchrun.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * Image names travel in API paths as {@code demo%2Fweb}; Tomcat refuses an encoded slash by default.
     * Passed through undecoded, it stays inside one path segment and the path variable decodes it.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashInImageNames() {
        return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
    }
}
