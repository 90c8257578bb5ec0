package io.patchrun.wiring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.patchrun.watch.CosignSignatures;
import io.patchrun.watch.RegistryClient;

/** The signature checks of pipelines with {@code verify:}, through the registry client and its logins. */
@Configuration(proxyBeanMethods = false)
class SignatureWiring {

    @Bean
    CosignSignatures cosignSignatures(RegistryClient registry) {
        return new CosignSignatures(registry);
    }
}
