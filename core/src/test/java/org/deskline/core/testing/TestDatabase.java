package org.deskline.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.deskline.core.persistence.Database;
import org.deskline.core.persistence.DatabaseConfig;

/**
 * A fresh, empty database for one test: embedded H2 in a temporary directory, or a throwaway schema in
 * the PostgreSQL named by {@code DESKLINE_TEST_PG_URL} (a JDBC URL with user and password). Tests that
 * take {@link #kinds()} run against both when PostgreSQL is configured.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String PG_ENV = "DESKLINE_TEST_PG_URL";

    public enum Kind { H2, POSTGRESQL }

    private final Kind kind;
    private final DatabaseConfig config;
    private final String schema;
    private final Path dir;
    private Database database;

    private TestDatabase(Kind kind, DatabaseConfig config, String schema, Path dir) {
        this.kind = kind;
        this.config = config;
        this.schema = schema;
        this.dir = dir;
    }

    /** H2 always; PostgreSQL too when {@code DESKLINE_TEST_PG_URL} is set. */
    public static List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>();
        kinds.add(Kind.H2);
        if (pgUrl() != null) {
            kinds.add(Kind.POSTGRESQL);
        }
        return kinds;
    }

    public static String pgUrl() {
        String url = System.getenv(PG_ENV);
        return url == null || url.isBlank() ? null : url;
    }

    /** A new, empty database of that kind (not yet opened). */
    public static TestDatabase create(Kind kind) {
        try {
            if (kind == Kind.H2) {
                Path dir = Files.createTempDirectory("deskline-h2-");
                return new TestDatabase(kind, DatabaseConfig.embedded(dir), null, dir);
            }
            String base = pgUrl();
            if (base == null) {
                throw new IllegalStateException(PG_ENV + " is not set");
            }
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(base); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            return new TestDatabase(kind, new DatabaseConfig(url, null, null, 10), schema, null);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create a " + kind + " test database", e);
        }
    }

    public Kind kind() {
        return kind;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** Opens (and migrates) the database; closing this closes it. */
    public Database open() {
        database = Database.open(config);
        return database;
    }

    /** Closes the pool without dropping the data, to open it again as a restarted server would. */
    public void closePool() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @Override
    public void close() throws Exception {
        closePool();
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(pgUrl()); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return kind.name();
    }
}
