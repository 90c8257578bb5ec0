package io.patchrun.wiring;

import java.nio.file.Path;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Points the default H2 database into {@code patchrun.data-dir}, so history survives a restart and two
 * instances with different data folders never share one. H2 refuses paths implicitly relative to the
 * working directory, so the folder is made absolute. Each commit is written to the file before it returns
 * ({@code WRITE_DELAY=0}; H2 otherwise writes up to half a second later): the rollout journal is written before
 * each step is taken, and a process killed right after must not lose what it wrote. An explicit
 * {@code spring.datasource.url} (PostgreSQL, say) wins.
 */
@Configuration(proxyBeanMethods = false)
class DataDirDatabase {

    /**
     * A post-processor is made before any other bean, so the data folder is made (or tightened) here, before the
     * database or the Git workspace put anything in it; see {@link DataFolder}.
     */
    @Bean
    static BeanPostProcessor dataDirDatabaseUrl(Environment environment) {
        DataFolder.prepare(Path.of(environment.getProperty("patchrun.data-dir", "data")));
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof DataSourceProperties properties && properties.getUrl() == null) {
                    properties.setUrl(urlFor(Path.of(environment.getProperty("patchrun.data-dir", "data"))));
                    properties.setUsername("sa");
                    properties.setPassword("");
                }
                return bean;
            }
        };
    }

    static String urlFor(Path dataDir) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("patchrun").toString().replace('\\', '/')
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }
}
