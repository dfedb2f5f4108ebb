package io.docspaceguard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.function.Supplier;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * The service's database: migrated with Flyway from {@code classpath:db/migration}, used through Jdbi over a
 * HikariCP pool. Opening a PostgreSQL connection costs milliseconds, more than most of the API's statements,
 * so every DAO call borrows one instead. The instance registry's advisory locks live on connections of their
 * own, outside the pool: a session lock must end with its connection, not go back to the pool with it.
 */
public final class Database implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:h2:file:./data/docspace-guard";

    /** H2 needs these to accept the same SQL as PostgreSQL and to sort NULLs the same way. */
    private static final List<String> H2_OPTIONS =
            List.of("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "DEFAULT_NULL_ORDERING=HIGH");

    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");

    /** Enough for the API's concurrent reads and a scan; PostgreSQL's default allows 100 connections. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** A request waits this long for a connection before it fails, instead of hanging while the database is down. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final String url;
    private final HikariDataSource pool;
    private final PoolMetrics poolMetrics;
    private final Jdbi jdbi;
    private final InstanceRegistry instances;
    private final Supplier<Leadership> leadership;

    /** Connects, migrates and returns the database, in the connection's default schema. */
    public static Database open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, null);
    }

    /**
     * Connects, migrates and returns the database.
     *
     * @param schema schema to migrate and use, created if missing; null for the connection's default
     */
    public static Database open(String jdbcUrl, String user, String password, String schema) {
        return open(jdbcUrl, user, password, schema, DEFAULT_POOL_SIZE);
    }

    /** As above, with at most {@code poolSize} pooled connections. */
    public static Database open(String jdbcUrl, String user, String password, String schema, int poolSize) {
        return open(jdbcUrl, user, password, schema, poolSize, List.of());
    }

    /** As above, with Flyway callbacks: tests use them to stop a migration part-way, as a crash would. */
    static Database open(String jdbcUrl, String user, String password, String schema, List<Callback> callbacks) {
        return open(jdbcUrl, user, password, schema, DEFAULT_POOL_SIZE, callbacks);
    }

    private static Database open(String jdbcUrl, String user, String password, String schema, int poolSize,
                                 List<Callback> callbacks) {
        String url = withH2Options(jdbcUrl);
        Optional<H2MigrationBackup> backup = H2MigrationBackup.of(url);
        backup.ifPresent(H2MigrationBackup::restoreIfInterrupted);
        // Try one connection first so that an unreachable database fails with our message, not Flyway's.
        try (Connection ignored = connect(url, user, password, null)) {
            // reachable
        } catch (SQLException e) {
            throw new DatabaseException("cannot close test connection to " + redact(url), e);
        }
        Database database = new Database(url, user, password, schema, poolSize);
        try {
            database.migrate(user, password, schema, backup, callbacks);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return database;
    }

    private Database(String url, String user, String password, String schema, int poolSize) {
        this.url = url;
        this.poolMetrics = new PoolMetrics();
        this.pool = new HikariDataSource(poolConfig(url, user, password, schema, poolSize, poolMetrics));
        this.jdbi = Jdbi.create(pool);
        boolean shared = url.startsWith("jdbc:postgresql:");
        this.instances = shared
                ? new PostgresInstances(() -> connect(url, user, password, schema)) : new LocalInstances();
        this.leadership = shared
                ? () -> new PostgresLeadership(() -> connect(url, user, password, schema)) : Leadership::alone;
        jdbi.installPlugin(new SqlObjectPlugin());
        // Jdbi's default binds Instant as java.sql.Timestamp, which the drivers convert via the JVM's
        // default zone (correctly for TIMESTAMP WITH TIME ZONE today); a UTC OffsetDateTime skips
        // that detour entirely. The time-zone tests hold with either binding.
        jdbi.registerArgument(new UtcInstantArgument());
        jdbi.registerColumnMapper(Instant.class, (rs, column, ctx) -> {
            OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        });
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The pool's connections and waits, for /metrics. */
    public PoolMetrics poolMetrics() {
        return poolMetrics;
    }

    /** Closes the pool; the instance registry's own connections close with their instances. */
    @Override
    public void close() {
        pool.close();
    }

    /** The service instances running on this database. */
    public InstanceRegistry instances() {
        return instances;
    }

    /** A new contender for the lead among the instances on this database; each instance makes one. */
    public Leadership leadership() {
        return leadership.get();
    }

    /** The JDBC URL in use, with any password masked: safe to log. */
    public String describe() {
        return redact(url);
    }

    /** Adds the H2 compatibility options a URL does not set itself; other URLs are returned as given. */
    static String withH2Options(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return jdbcUrl;
        }
        String upper = jdbcUrl.toUpperCase(Locale.ROOT);
        StringBuilder url = new StringBuilder(jdbcUrl);
        for (String option : H2_OPTIONS) {
            String key = option.substring(0, option.indexOf('=') + 1).toUpperCase(Locale.ROOT);
            if (!upper.contains(";" + key)) {
                url.append(';').append(option);
            }
        }
        return url.toString();
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1***");
    }

    private void migrate(String user, String password, String schema, Optional<H2MigrationBackup> backup,
                         List<Callback> callbacks) {
        var config = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .callbacks(callbacks.toArray(Callback[]::new));
        if (schema != null) {
            config.schemas(schema).defaultSchema(schema);
        }
        try {
            Flyway flyway = config.load();
            boolean pending = flyway.info().pending().length > 0;
            if (pending) {
                backup.ifPresent(b -> b.backUp(jdbi));
            }
            flyway.migrate();
            backup.ifPresent(H2MigrationBackup::discard);
        } catch (FlywayException e) {
            throw new DatabaseException("cannot migrate database " + describe() + ": " + rootMessage(e)
                    + (backup.isPresent() ? "; if an older version was stopped while migrating it, move the "
                    + "database file away (or restore it from your backup) and start again" : ""), e);
        }
    }

    private static HikariConfig poolConfig(String url, String user, String password, String schema, int poolSize,
                                           PoolMetrics metrics) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("guard-db");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setSchema(schema);
        config.setMaximumPoolSize(poolSize);
        // A couple of warm connections serve a quiet service; bursts grow the pool up to its size.
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        // open() has already reached the database once and said so in its own words.
        config.setInitializationFailTimeout(-1);
        config.setMetricsTrackerFactory(metrics);
        return config;
    }

    private static Connection connect(String url, String user, String password, String schema) {
        try {
            Connection connection = DriverManager.getConnection(url, user, password);
            if (schema != null) {
                connection.setSchema(schema);
            }
            return connection;
        } catch (SQLException e) {
            // The driver's message may quote the URL (e.g. "No suitable driver found for ..."), so it is
            // redacted and the original exception, which would print it unmasked, is not chained.
            throw new DatabaseException("cannot connect to database " + redact(url) + ": "
                    + redact(e.getMessage()) + " (SQLState " + e.getSQLState() + ")", null);
        }
    }

    /** The innermost cause's own words: the driver's message, without Jdbi's dump of the statement and values. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private static final class UtcInstantArgument extends AbstractArgumentFactory<Instant> {
        UtcInstantArgument() {
            super(java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            OffsetDateTime utc = value.atOffset(ZoneOffset.UTC);
            return (position, statement, ctx) -> statement.setObject(position, utc);
        }
    }
}
