package io.patchrun.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Flyway reads db/migration/{vendor}: a migration written for H2 alone would leave PostgreSQL databases behind. */
class MigrationTwinsTest {

    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    @Test
    void everyH2Migration_hasAPostgresqlTwinOfTheSameName_andNoTwinIsWithoutOne() throws IOException {
        List<String> h2 = names(MIGRATIONS.resolve("h2"));
        List<String> postgresql = names(MIGRATIONS.resolve("postgresql"));

        assertThat(h2).as("H2 migrations").isNotEmpty().contains("V1__batch_quartz_and_patchrun_tables.sql");
        assertThat(postgresql).as("db/migration/postgresql holds a twin of each db/migration/h2 file, named alike").isEqualTo(h2);
    }

    @Test
    void postgresqlMigrations_useNoH2OnlySyntax() throws IOException {
        for (String name : names(MIGRATIONS.resolve("postgresql"))) {
            String sql = Files.readString(MIGRATIONS.resolve("postgresql").resolve(name)).toUpperCase(java.util.Locale.ROOT);
            assertThat(sql).as(name).doesNotContain("CLOB").doesNotContain("LONGVARCHAR").doesNotContainPattern("\\bIMAGE\\s+(NOT\\s+)?NULL")
                    .doesNotContain("MERGE INTO").doesNotContain("CONSTRAINT IF NOT EXISTS");
        }
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".sql")).sorted().toList();
        }
    }
}
