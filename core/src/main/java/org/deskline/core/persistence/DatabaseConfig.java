package org.deskline.core.persistence;

import java.nio.file.Path;

/**
 * Where the database lives. With no JDBC URL, the embedded H2 file database under the data directory
 * is used; otherwise the URL names the database (PostgreSQL in production).
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int maxPoolSize) {

    public static DatabaseConfig embedded(Path dataDir) {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("deskline")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
        return new DatabaseConfig(url, "deskline", "", 10);
    }

    public boolean isH2() {
        return jdbcUrl.startsWith("jdbc:h2:");
    }

    /** The URL without credentials or file system details that do not belong in a log line. */
    public String describe() {
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        int semi = base.indexOf(';');
        return semi < 0 ? base : base.substring(0, semi);
    }
}
