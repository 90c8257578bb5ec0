package io.patchrun.testsupport;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

/** Patchrun's schema on a test database, made by the migrations Patchrun runs at start. */
public final class Migrations {

    private Migrations() {
    }

    /** Migrates {@code dataSource} as spring.flyway.* in application.yml does, adopting tables already there. */
    public static <T extends DataSource> T migrate(T dataSource) {
        return migrate(dataSource, "h2");
    }

    /** As {@link #migrate(DataSource)}, with the migrations of {@code vendor} ({@code h2}, {@code postgresql}). */
    public static <T extends DataSource> T migrate(T dataSource, String vendor) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/" + vendor)
                .baselineOnMigrate(true).baselineVersion("0").load().migrate();
        return dataSource;
    }
}
