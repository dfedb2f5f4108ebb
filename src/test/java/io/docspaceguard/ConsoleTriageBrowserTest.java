package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

/**
 * A security team's day in the console, in a real headless Chromium against the service on the fake portal:
 * finding a burst, reading its evidence, taking it, deciding with a confirmation, dismissing with a reason,
 * deciding on several at once, and what a viewer and a phone see. Runs with {@code mvn verify} (see {@link BrowserTest}).
 */
@BrowserTest
class ConsoleTriageBrowserTest {
    private static final String MALLORY = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d10";
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    private static final String MARK = "b7d1e0c2-54af-4e19-8a3d-6c0f2e9b1d77";
    private static final String OLGA = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
    @TempDir
    static Path profile;
    private static Chromium chromium;

    @TempDir
    Path work;
    private GuardFixture guard;
    private String base;

    @BeforeAll
    static void startBrowser() {
        chromium = Chromium.start(profile);
    }

    @AfterAll
    static void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void stop() {
        chromium.resize(1280, 800);
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void a_reviewer_finds_a_burst_by_name_reads_files_and_ips_takes_it_and_disables_it_after_confirming()
            throws IOException {
        malloryOverwritesAndRenames();
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.waitForText(By.cssSelector(".tabs a[data-status='open'] .count"), "1");
        chromium.driver().findElement(By.id("filter-user")).sendKeys("mALLo");
        chromium.driver().findElement(By.id("filter-apply")).click();
        chromium.waitForText(By.cssSelector("table.incidents tbody"), "bulk-file-changes");
        assertTrue(chromium.text(By.cssSelector("table.incidents tbody")).contains("Mallory Mole"));
        rowOf("bulk-file-changes").findElement(By.cssSelector("a")).click();

        chromium.waitForText(By.id("incident-reason"), "distinct files changed within 10 min");
        String files = chromium.text(By.id("files"));
        assertTrue(files.contains("report-1.docx") && files.contains("Rooms: Finance"), files);
        WebElement renamed = chromium.driver().findElement(By.cssSelector("#files mark.suspicious"));
        assertTrue(renamed.getText().contains("report-2.docx.wncry"), renamed.getText());
        assertTrue(chromium.text(By.id("files")).contains("report-2.docx → report-2.docx.wncry"), files);
        assertTrue(chromium.driver().findElement(By.cssSelector("#files a")).getAttribute("href")
                .startsWith(guard.portal.baseUrl() + "/doceditor?fileId="));
        String origins = chromium.text(By.id("origins"));
        assertTrue(origins.contains("203.0.113.45") && origins.contains("Germany") && origins.contains("Chrome 124"),
                origins);

        chromium.driver().findElement(By.id("take")).click();
        chromium.waitForText(By.id("incident-assignee"), "rick");
        chromium.button("approve").click();
        String question = chromium.text(By.id("disable-dialog"));
        assertTrue(question.contains("Disable Mallory Mole’s DocSpace account?"), question);
        assertTrue(question.contains("re-enable it later from the incident page"), question);
        chromium.driver().findElement(By.id("disable-dialog-cancel")).click();
        assertEquals("open", chromium.text(By.id("incident-status")), "cancelled: nothing sent");
        assertTrue(guard.portal.statusWrites().isEmpty());
        chromium.button("approve").click();
        chromium.waitFor(By.id("disable-comment")).sendKeys("overwrote and renamed files to .wncry");
        chromium.driver().findElement(By.id("disable-dialog-confirm")).click();

        chromium.waitForText(By.id("action-result"), "Disabled: Mallory Mole can no longer sign in");
        assertEquals("disabled", chromium.text(By.id("incident-status")));
        assertEquals(2, guard.portal.statusOf(MALLORY));
        String history = chromium.text(By.id("history"));
        assertTrue(history.contains("assign") && history.contains("approve"), history);
        assertTrue(chromium.driver().findElements(By.cssSelector("#chart line.decision")).size() >= 1,
                "the chart marks the disable");
        chromium.resize(1280, 1500);
        chromium.screenshot(Path.of("target", "console-incident.png"));
    }

    @Test
    void a_reviewer_dismisses_with_a_reason_and_the_rules_dismissal_count_goes_up() throws IOException {
        burstsOf(ANNA);
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.open(base + "#/rules");
        assertEquals("0", chromium.text(By.cssSelector(
                "#rule-stats tr[data-rule='bulk-file-changes'] td[data-reason='false_positive']")));
        chromium.open(base + "#/incident/1");
        chromium.waitFor(By.cssSelector("button[data-action='dismiss']")).click();
        chromium.driver().findElement(By.id("dismiss-dialog-confirm")).click();
        chromium.waitForText(By.cssSelector("#dismiss-dialog .error"), "Choose a reason");
        chromium.driver().findElement(By.cssSelector("label[for='reason-false_positive']")).click();
        chromium.driver().findElement(By.id("dismiss-dialog-confirm")).click();

        chromium.waitForText(By.id("action-result"), "Dismissed as false positive");
        assertEquals("False positive", chromium.text(By.id("incident-dismissal")));
        chromium.open(base + "#/rules");
        chromium.waitForText(By.cssSelector(
                "#rule-stats tr[data-rule='bulk-file-changes'] td[data-reason='false_positive']"), "1");
        chromium.screenshot(Path.of("target", "console-rules.png"));
        chromium.open(base + "#/incidents?status=dismissed");
        chromium.waitForText(By.cssSelector("table.incidents tbody"), "false positive");
    }

    @Test
    void bulk_disable_and_bulk_dismiss_report_an_outcome_per_incident() throws IOException {
        burstsOf(ANNA, MARK, OLGA);
        guard.portal.addUser(OLGA, "Olga Admin", true, false);  // an admin: protected, never disabled
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.waitForText(By.cssSelector(".tabs a[data-status='open'] .count"), "3");
        chromium.waitFor(By.id("select-all")).click();
        chromium.waitForText(By.id("bulk-count"), "3 selected");
        chromium.driver().findElement(By.id("bulk-disable")).click();
        String question = chromium.text(By.id("disable-dialog"));
        assertTrue(question.contains("Anna Keller") && question.contains("Olga Admin"), question);
        chromium.driver().findElement(By.id("disable-comment")).sendKeys("bursts at night");
        chromium.driver().findElement(By.id("disable-dialog-confirm")).click();

        chromium.waitForText(By.id("bulk-summary"), "2 disabled, 1 refused: protected account.");
        assertTrue(chromium.text(By.id("bulk-outcome")).contains("Olga Admin"));
        chromium.waitForText(By.cssSelector(".tabs a[data-status='disabled'] .count"), "2");
        chromium.screenshot(Path.of("target", "console-bulk-outcome.png"));

        chromium.waitFor(By.cssSelector("input.pick")).click();
        chromium.driver().findElement(By.id("bulk-dismiss")).click();
        chromium.driver().findElement(By.cssSelector("label[for='reason-expected_activity']")).click();
        chromium.driver().findElement(By.id("dismiss-dialog-confirm")).click();
        chromium.waitForText(By.id("bulk-summary"), "1 dismissed.");
        chromium.waitForText(By.id("empty-result"), "No open incidents.");
    }

    @Test
    void a_viewer_sees_no_buttons_and_a_phone_width_screen_keeps_everything_inside_it() throws IOException {
        malloryOverwritesAndRenames();
        chromium.logIn(base, GuardFixture.VIEWER);
        chromium.waitFor(By.cssSelector("table.incidents tbody tr a"));
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("input.pick, #select-all, #bulk-bar")));
        chromium.open(base + "#/incident/1");
        chromium.waitForText(By.id("incident-reason"), "files");
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector(".actions, [data-action], #take")));
        chromium.open(base + "#/scans");
        chromium.waitFor(By.id("feed"));
        assertFalse(chromium.text(By.tagName("main")).contains("null"), chromium.text(By.tagName("main")));

        chromium.resize(390, 844);
        chromium.open(base + "#/incident/1");
        chromium.waitForText(By.id("incident-reason"), "files");
        chromium.screenshot(Path.of("target", "console-phone-incident.png"));
        assertEquals(List.of(), overflowing(), "nothing wider than the screen");
        chromium.open(base + "#/incidents");
        chromium.waitFor(By.cssSelector("table.incidents tbody tr a"));
        chromium.screenshot(Path.of("target", "console-phone-queue.png"));
        assertEquals(List.of(), overflowing(), "nothing wider than the screen");
    }

    @Test
    void signing_out_is_said_as_a_notice_and_an_impossible_id_is_not_repeated() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        base = "http://127.0.0.1:" + guard.app().port() + "/";
        chromium.logIn(base, GuardFixture.VIEWER);
        chromium.open(base + "#/incident/99999999999999999999999999");
        chromium.waitForText(By.tagName("main"), "There is no such incident");
        assertFalse(chromium.text(By.tagName("main")).contains("99999999999"));

        chromium.driver().findElement(By.id("logout")).click();

        chromium.waitForText(By.id("login-error"), "Signed out.");
        assertEquals("notice", chromium.driver().findElement(By.id("login-error")).getAttribute("class"));
    }

    /** Mallory overwrites 25 of Anna's files and renames two of them to a ransomware extension. */
    private void malloryOverwritesAndRenames() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        base = "http://127.0.0.1:" + guard.app().port() + "/";
        guard.portal.addUser(MALLORY, "Mallory Mole", false, false);
        guard.portal.addUser(ANNA, "Anna Keller", false, false);
        for (int n = 1; n <= 25; n++) {
            guard.portal.addFile("f" + n, "report-" + n + ".docx", ANNA, at("08:00:00"));
            guard.portal.overwriteFile("f" + n, MALLORY, at("10:30:00").plusSeconds(5L * n));
        }
        guard.portal.renameFile("f2", "report-2.docx.wncry", MALLORY, at("10:33:00"));
        guard.portal.renameFile("f3", "report-3.docx.wncry", MALLORY, at("10:33:05"));
        guard.scan("");
    }

    /** One bulk-file-changes incident for each user. */
    private void burstsOf(String... users) {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        base = "http://127.0.0.1:" + guard.app().port() + "/";
        guard.portal.addUser(ANNA, "Anna Keller", false, false);
        guard.portal.addUser(MARK, "Mark Olsen", false, false);
        guard.portal.addUser(OLGA, "Olga Admin", false, false);
        for (String user : users) {
            guard.series(user, 5034, "09:00:00", 10, 25, 25);
        }
        guard.scan("");
    }

    private WebElement rowOf(String rule) {
        return chromium.driver().findElements(By.cssSelector("table.incidents tbody tr")).stream()
                .filter(tr -> tr.getText().contains(rule)).findFirst().orElseThrow();
    }

    /** The elements that stick out to the right of the window (and so make the page scroll sideways). */
    @SuppressWarnings("unchecked")
    private static List<String> overflowing() {
        return (List<String>) ((JavascriptExecutor) chromium.driver()).executeScript("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')]
                  .filter(el => !el.closest('.scroll') && el.getBoundingClientRect().right > width + 1)
                  .map(el => el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className);
                """);
    }

    /** Keeps the README's screenshot the console as it is. */
    static void refreshReadmeScreenshot() throws IOException {
        Files.copy(Path.of("target", "console-incident.png"), Path.of("docs", "console-incident.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
