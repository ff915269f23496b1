package org.deskline.core.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool and schema of one database. Opening it migrates the schema to the current
 * version (Flyway, {@code classpath:db/migration}); the same migrations run on H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Jdbc jdbc;
    private final DatabaseConfig config;

    private Database(DatabaseConfig config, HikariDataSource dataSource) {
        this.config = config;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    public static Database open(DatabaseConfig config) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password());
        }
        hc.setMaximumPoolSize(config.maxPoolSize());
        hc.setPoolName("deskline-db");
        hc.setAutoCommit(true);
        hc.setConnectionTimeout(10_000);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            var result = Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            log.info("Database {} at schema version {} ({} migrations applied)",
                    config.describe(), result.targetSchemaVersion, result.migrationsExecuted);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(config, ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public DatabaseConfig config() {
        return config;
    }

    /** True when a connection can be borrowed and answers a trivial query. */
    public boolean isUp() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
        log.info("Database closed");
    }
}
