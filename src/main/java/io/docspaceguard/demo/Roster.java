package io.docspaceguard.demo;

import io.docspaceguard.docspace.Person;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/** The invented organisation of the demo portal: its people, where they work from, and their files. */
final class Roster {
    /** The first name is the portal owner, the second a DocSpace admin; everyone else is an ordinary user. */
    static final List<String> NAMES = List.of(
            "Helena Brandt", "Tobias Richter", "Anna Keller", "Mark Olsen", "Sofia Rossi", "Jonas Weber",
            "Lea Schmidt", "Noah Fischer", "Emma Dubois", "Lucas Martin", "Mia Novak", "Paul Wagner",
            "Clara Hoffmann", "Felix Becker", "Ida Larsen", "Jan Kowalski", "Marta Nowak", "David Cohen",
            "Sara Lindqvist", "Tom Baker", "Nina Petrova", "Oskar Berg", "Laura Meyer", "Ben Schulz",
            "Elif Yilmaz", "Hugo Laurent", "Greta Vogel", "Ravi Menon");
    static final List<String> ROOMS = List.of("Rooms: Finance", "Rooms: Marketing", "Rooms: Sales", "Rooms: HR",
            "Rooms: Engineering", "Rooms: Legal", "My documents");

    private static final String[][] PLACES = {
            {"Germany", "Berlin"}, {"Germany", "Hamburg"}, {"Germany", "Munich"}, {"Netherlands", "Amsterdam"},
            {"Austria", "Vienna"}, {"Poland", "Warsaw"}, {"Denmark", "Copenhagen"}};
    private static final String[] BROWSERS = {"Chrome 124", "Chrome 124", "Firefox 125", "Edge 124", "Safari 17",
            "Desktop Editors 8.1.0"};
    private static final String[] PLATFORMS = {"Windows 10", "Windows 10", "Mac OS X 10 Apple Mac", "Ubuntu"};
    private static final String[] TOPICS = {"budget", "Q2-forecast", "contract", "meeting-minutes", "roadmap",
            "invoice", "offer", "quarterly-report", "timesheet", "pitch-deck", "specification", "onboarding",
            "travel-policy", "price-list", "audit-notes", "press-release", "campaign-plan", "hiring-plan",
            "release-notes", "customer-survey", "board-memo", "vendor-list", "sla", "risk-register"};
    private static final String[] VARIANTS = {"", "-2025", "-v2", "-draft", "-final", "-EN", "-DE", "-signed"};
    private static final String[] EXTENSIONS = {".docx", ".docx", ".xlsx", ".pptx", ".pdf"};

    /** A file of the portal; a rename keeps the id (§4). */
    record File(String id, String title) {
    }

    /** A person of the roster with the room they mostly work in. */
    record Member(PortalUser user, String room) {
    }

    private Roster() {
    }

    /** The same names always get the same ids, so a demo's incidents are recognisable across runs. */
    static List<Member> members(SplittableRandom random) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String[] name = NAMES.get(i).split(" ", 2);
            String[] place = PLACES[random.nextInt(PLACES.length)];
            PortalUser.Device device = new PortalUser.Device(
                    (i % 2 == 0 ? "203.0.113." : "198.51.100.") + (10 + i * 7 % 240), place[0], place[1],
                    BROWSERS[random.nextInt(BROWSERS.length)], PLATFORMS[random.nextInt(PLATFORMS.length)]);
            String id = UUID.nameUUIDFromBytes(("docspace-guard demo " + NAMES.get(i)).getBytes(StandardCharsets.UTF_8))
                    .toString();
            members.add(new Member(new PortalUser(id, name[0], name[1], i == 1, i == 0, false, Person.ACTIVE, device),
                    ROOMS.get(random.nextInt(ROOMS.size()))));
        }
        return members;
    }

    static String title(SplittableRandom random) {
        return TOPICS[random.nextInt(TOPICS.length)] + VARIANTS[random.nextInt(VARIANTS.length)]
                + EXTENSIONS[random.nextInt(EXTENSIONS.length)];
    }

    /** The new title of a renamed file: what people do to titles. */
    static String renamed(String title, SplittableRandom random) {
        int dot = title.lastIndexOf('.');
        String stem = dot < 0 ? title : title.substring(0, dot);
        String extension = dot < 0 ? "" : title.substring(dot);
        String[] suffixes = {"-final", "-v3", "-reviewed", "-old", "-copy"};
        return stem + suffixes[random.nextInt(suffixes.length)] + extension;
    }
}
