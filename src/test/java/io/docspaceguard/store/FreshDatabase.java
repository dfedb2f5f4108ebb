package io.docspaceguard.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.*;

/**
 * Gives each test a freshly migrated database: a private in-memory H2 database, or a private schema
 * in the test run's PostgreSQL ({@link TestPostgres}: a given server, or an embedded one).
 * Register with {@code @RegisterExtension static final FreshDatabase DB = FreshDatabase.h2();} and take
 * a {@link Jdbi} or {@link Database} as a parameter of a test or {@code @BeforeEach} method.
 */
public final class FreshDatabase implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FreshDatabase.class);
    private final boolean postgres;

    private FreshDatabase(boolean postgres) { this.postgres = postgres; }

    public static FreshDatabase h2() { return new FreshDatabase(false); }

    public static FreshDatabase postgres() { return new FreshDatabase(true); }

    @Override
    public void beforeEach(ExtensionContext context) throws SQLException {
        String name = "guard_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (!postgres) { // an in-memory H2 database lives while a connection is open: hold one for the test
            String url = Database.withH2Options("jdbc:h2:mem:" + name);
            context.getStore(NS).put("keeper", DriverManager.getConnection(url, "sa", ""));
        }
        context.getStore(NS).put("db", postgres ? Database.open(TestPostgres.url(), null, null, name)
                : Database.open("jdbc:h2:mem:" + name, "sa", ""));
        context.getStore(NS).put("schema", name);
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        String schema = context.getStore(NS).remove("schema", String.class);
        Database db = context.getStore(NS).remove("db", Database.class);
        if (db != null) {
            db.close();
        }
        if (postgres && schema != null) { // Flyway created the schema, so its clean() drops it again
            Flyway.configure().dataSource(TestPostgres.url(), null, null).schemas(schema).cleanDisabled(false).load().clean();
        } else if (!postgres) {
            context.getStore(NS).remove("keeper", Connection.class).close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Jdbi.class || parameter.getParameter().getType() == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Database db = context.getStore(NS).get("db", Database.class);
        return parameter.getParameter().getType() == Jdbi.class ? db.jdbi() : db;
    }
}
