package io.docspaceguard.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Whether another instance is running: the liveness that decides who may finish a dead instance's work. */
class InstanceRegistryTest {

    @Test
    void an_embedded_h2_database_knows_its_instances_until_they_close() {
        LocalInstances instances = new LocalInstances();
        InstanceRegistry.Instance a = instances.join();

        assertTrue(instances.isRunning(a.id()));
        a.close();
        assertFalse(instances.isRunning(a.id()));
        assertFalse(instances.isRunning(UUID.randomUUID().toString()));
        assertFalse(instances.isRunning(null));
    }

    @Test
    void on_postgresql_another_process_sees_an_instance_running_until_its_session_ends() {
        // Two registries with connections of their own stand for two processes on one database.
        PostgresInstances first = new PostgresInstances(InstanceRegistryTest::connect);
        PostgresInstances second = new PostgresInstances(InstanceRegistryTest::connect);
        InstanceRegistry.Instance a = first.join();

        assertTrue(second.isRunning(a.id()), "its advisory lock is held");
        assertTrue(second.isRunning(a.id()), "asking does not take the lock away");
        a.close(); // the session ends, as when the process is killed
        assertFalse(second.isRunning(a.id()));
        assertFalse(second.isRunning(UUID.randomUUID().toString()));
    }

    private static Connection connect() {
        try {
            return DriverManager.getConnection(TestPostgres.url());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
