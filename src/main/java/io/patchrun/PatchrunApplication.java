package io.patchrun;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class PatchrunApplication {

    public static void main(String[] args) {
        SpringApplication.run(PatchrunApplication.class, args);
    }
}
