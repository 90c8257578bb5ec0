package io.patchrun.wiring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.patchrun.history.RunLeases;

/** The run leases, under this process's instance id, and whether other processes may share the database. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaseProperties.class)
class LeaseWiring {

    @Bean
    RunLeases runLeases(DataSource dataSource, Clock clock, LeaseProperties properties) throws SQLException {
        return new RunLeases(JdbcClient.create(dataSource), clock, instanceId(), properties.duration(), properties.heartbeat(), shared(dataSource));
    }

    /** Stable for the life of the process and never reused: host, process id and a random part (a restarted container may reuse a pid). */
    static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    /** An H2 database opened in this process (a file or memory, not through an H2 server) cannot be open in another one. */
    static boolean shared(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return shared(connection.getMetaData().getURL());
        }
    }

    static boolean shared(String url) {
        boolean embeddedH2 = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:tcp:") && !url.startsWith("jdbc:h2:ssl:")
                && !url.toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE");
        return !embeddedH2;
    }
}
