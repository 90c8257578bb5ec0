package io.patchrun.testsupport;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** Patchrun's schema on a test database, made by the migrations Patchrun runs at start. */
public final class Migrations {

    private Migrations() {
    }

    /** Migrates {@code dataSource} as spring.flyway.* in application.yml does, adopting tables already there. */
    public static <T extends DataSource> T migrate(T dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/h2")
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        return dataSource;
    }
}
