package io.docspaceguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container findings say how much the folders held where DocSpace lets the service read them, and why not where
 * it does not; what they held weighs in the severity.
 */
class ContainerEndToEndTest {
    private static final String OMAR = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String SAM = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
    private GuardFixture guard;

    @BeforeEach
    void start(@TempDir Path work) {
        guard = new GuardFixture(work, GuardFixture.at("11:00:00"), Map.of()).start();
        guard.portal.addUser(OMAR, "Omar Haddad", false, false);
        guard.portal.addUser(SAM, "Sam Lee", false, false);
    }

    @AfterEach
    void stop() {
        guard.close();
    }

    @Test
    void downloaded_folders_are_counted_where_readable_and_a_large_sum_raises_the_severity() {
        guard.portal.addContainer("701", "Customers", 80, 4, null);
        guard.portal.addContainer("702", "Contracts", 45, 1, null);
        guard.portal.addContainer("703", "Pricing", 3, 0, null);
        for (int n = 0; n < 4; n++) {
            String id = "70" + (n + 1);
            guard.portal.addFolderEvent(GuardFixture.at("10:30:00").plusSeconds(60L * n), OMAR, 5057, id,
                    n == 3 ? "Old exports" : id.equals("701") ? "Customers" : id.equals("702") ? "Contracts" : "Pricing");
        }

        guard.scan("");

        JsonNode incident = incident(OMAR, "folder-downloads");
        assertEquals(128, incident.path("containerFiles").asInt(), incident.toString());
        assertEquals("high", incident.path("severity").asText(), "128 files held: medium raised one level");
        String why = incident.path("reason").asText();
        assertTrue(why.startsWith("4 folders downloaded within 30 min (limit 3): Customers (80 files in 4 folders), "
                + "Contracts (45 files in 1 folder), Pricing (3 files), Old exports (size unknown: deleted for good)"),
                why);
        assertTrue(why.endsWith("128 files in the containers DocSpace let the service read"), why);
    }

    @Test
    void folders_in_their_owners_trash_stay_size_unknown_and_the_scan_goes_on() {
        for (int n = 0; n < 3; n++) {
            String id = "80" + n;
            guard.portal.addContainer(id, "Project " + n, 500, 10, SAM);
            guard.portal.addFolderEvent(GuardFixture.at("10:30:00").plusSeconds(120L * n), SAM, 5026, id, "Project " + n);
        }

        guard.scan("");

        JsonNode incident = incident(SAM, "folders-removed");
        assertTrue(incident.path("containerFiles").isNull(), incident.toString());
        assertEquals("high", incident.path("severity").asText());
        String why = incident.path("reason").asText();
        assertTrue(why.contains("Project 0 (size unknown: in its owner's trash, which only they can read)"), why);
        assertTrue(why.endsWith("; size unknown"), why);
    }

    private JsonNode incident(String user, String rule) {
        JsonNode items = guard.api().get("/api/incidents?userId=" + user + "&rule=" + rule, GuardFixture.VIEWER)
                .body().path("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
