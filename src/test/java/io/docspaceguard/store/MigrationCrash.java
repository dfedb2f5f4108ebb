package io.docspaceguard.store;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Run in a child JVM by {@link MigrationCrashTest}: opens an H2 file database the way the service does and
 * dies at once, like {@code kill -9}, after the given number of migration statements.
 */
public final class MigrationCrash {
    private MigrationCrash() {
    }

    public static void main(String[] args) {
        String url = args[0];
        int statements = Integer.parseInt(args[1]);
        AtomicInteger executed = new AtomicInteger();
        Callback die = new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.AFTER_EACH_MIGRATE_STATEMENT;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                if (executed.incrementAndGet() == statements) {
                    // H2 writes commits to the file within its write delay (500 ms): let the statements run so far
                    // reach the disk, as they do when a process is killed a moment later.
                    try {
                        Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    Runtime.getRuntime().halt(137);
                }
            }

            @Override
            public String getCallbackName() {
                return "die-mid-migration";
            }
        };
        Database.open(url, "sa", "", null, List.of(die));
        System.exit(0); // not reached when the migration has more statements than that
    }
}
