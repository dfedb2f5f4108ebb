package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's login in a real headless Chromium against the service on the fake portal. The reviewer's
 * and the viewer's walk through an incident run on the demo, in {@link ConsoleDemoBrowserTest}. Run with
 * {@code mvn verify} (see {@link BrowserTest}).
 */
@BrowserTest
class ConsoleBrowserTest {
    private static final String MALLORY = "6e5d4c3b-2a19-4f8e-9d7c-6b5a4f3e2d10";
    private static final String ANNA = "3f2c8a41-6b0e-4d7a-9c55-2e1f7b9d0a13";
    @TempDir
    static Path profile;
    private static Chromium chromium;

    @TempDir
    Path work;
    private GuardFixture guard;

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
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void a_reviewer_starts_a_backfill_watches_its_progress_and_cancels_it() throws Exception {
        // A slow portal read one slice at a time: 88 chunks of 15 minutes take seconds, long enough to watch and cancel.
        guard = new GuardFixture(work, at("11:00:00"), Map.of("GUARD_DOCSPACE_CONCURRENCY", "1")).start();
        guard.portal.delayNext(Duration.ofMillis(300), 500);
        String base = "http://127.0.0.1:" + guard.app().port() + "/";
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.open(base + "#scans");
        setValue(chromium.waitFor(By.id("backfill-from")), "2025-05-13T11:00");
        setValue(chromium.waitFor(By.id("backfill-to")), "2025-05-14T09:00");

        chromium.driver().findElement(By.id("backfill-start")).click();

        // The table is drawn again every two seconds: read texts, not elements that may be replaced meanwhile.
        String progress = waitUntil(() -> chromium.driver()
                .findElements(By.cssSelector("#scans tbody tr td.progress")).stream()
                .map(WebElement::getText).filter(text -> text.matches("[1-9]\\d* / 88")).findFirst().orElse(null));
        assertTrue(progress.endsWith("/ 88"), progress);
        assertEquals("running", chromium.text(By.cssSelector("#scans tbody tr td.status")));
        chromium.driver().findElement(By.cssSelector("#scans button.cancel-scan")).click();

        chromium.waitForText(By.id("scan-result"), "Backfill cancelled");
        chromium.waitForText(By.cssSelector("#scans tbody tr td.status"), "cancelled");
        String chunks = chromium.text(By.cssSelector("#scans tbody tr td.progress"));
        assertTrue(!chunks.equals("88 / 88"), "stopped early: " + chunks);
    }

    @Test
    void a_reviewer_declares_bulk_work_and_the_burst_inside_shows_suppressed_with_its_reason() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        String migrator = "5d0c7a3e-1f2b-4c8d-9e6f-0a1b2c3d4e5f";
        guard.portal.addUser(migrator, "Migration Service", false, false);
        String base = "http://127.0.0.1:" + guard.app().port() + "/";
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.open(base + "#/bulk-work");
        chromium.waitFor(By.id("bulk-user")).sendKeys(migrator);
        setValue(chromium.driver().findElement(By.id("bulk-from")), "2025-05-14T10:00");
        setValue(chromium.driver().findElement(By.id("bulk-to")), "2025-05-14T12:00");
        chromium.driver().findElement(By.id("bulk-reason")).sendKeys("moving the Finance room");

        chromium.driver().findElement(By.id("bulk-submit")).click();

        chromium.waitForText(By.id("bulk-result"), "Declared bulk work 1");
        assertEquals("in force", chromium.text(By.cssSelector("#bulk-work tbody tr td.status")));
        guard.series(migrator, 5015, "10:20:00", 2, 30, 30);
        guard.scan("");
        chromium.open(base + "#/incidents");
        chromium.waitForText(By.cssSelector("table.incidents tbody tr td.status"), "suppressed");
        chromium.driver().findElement(By.cssSelector("table.incidents tbody tr td.num a")).click();
        chromium.waitForText(By.id("incident-reason"), "30 distinct files changed within 10 min (limit 20)");
        assertTrue(chromium.text(By.id("incident-suppressed")).contains("declared bulk work 1"));
    }

    @Test
    void a_viewer_reads_the_recovery_plan_of_an_incident() {
        overwrittenByMallory(25);
        guard.portal.overwriteFile("f25", ANNA, at("10:50:00"));
        guard.scan("");
        String base = "http://127.0.0.1:" + guard.app().port() + "/";
        chromium.logIn(base, GuardFixture.VIEWER);
        chromium.open(base + "#/incident/1");

        chromium.waitFor(By.id("recovery-plan")).click();

        chromium.waitForText(By.id("recovery-totals"), "24 to restore to their version from before the incident");
        assertTrue(chromium.text(By.id("recovery-totals")).contains("skipped: 1 changed by another account after the "
                + "incident"), chromium.text(By.id("recovery-totals")));
        assertEquals(25, chromium.driver().findElements(By.cssSelector("#recovery-items tbody tr")).size());
        assertTrue(chromium.text(By.id("recovery-items")).contains("restore version 1"));
        assertEquals(List.of(), chromium.driver().findElements(By.id("recovery-run")), "a viewer cannot run it");
    }

    @Test
    void a_reviewer_runs_the_recovery_of_a_disabled_account_and_watches_it_finish() {
        overwrittenByMallory(22);
        guard.scan("");
        guard.api().post("/api/incidents/1/approve", GuardFixture.REVIEWER, "{\"comment\": \"burst\"}");
        String base = "http://127.0.0.1:" + guard.app().port() + "/";
        chromium.logIn(base, GuardFixture.REVIEWER);
        chromium.open(base + "#/incident/1");
        chromium.waitFor(By.id("recovery-run")).click();
        chromium.waitForText(By.id("recovery-result"), "Say why");
        chromium.driver().findElement(By.id("recovery-comment")).sendKeys("undo the overwrites");

        chromium.driver().findElement(By.id("recovery-run")).click();

        chromium.waitForText(By.id("recovery-result"), "Recovery run 1 started");
        chromium.waitForText(By.id("recovery-progress"), "(done, by rick): 22 done, 0 failed, 0 skipped, 0 remaining");
        assertEquals("22", chromium.present(By.id("recovery-bar")).getAttribute("value"));
    }

    /** The service on a portal where Mallory overwrote {@code files} of Anna's files at 10:30. */
    private void overwrittenByMallory(int files) {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        guard.portal.addUser(MALLORY, "Mallory Mole", false, false);
        guard.portal.addUser(ANNA, "Anna Keller", false, false);
        for (int n = 1; n <= files; n++) {
            guard.portal.addFile("f" + n, "report-" + n + ".docx", ANNA, at("08:00:00"));
            guard.portal.overwriteFile("f" + n, MALLORY, at("10:30:00").plusSeconds(5L * n));
        }
    }

    private static void setValue(WebElement input, String value) {
        ((JavascriptExecutor) chromium.driver()).executeScript("arguments[0].value = arguments[1]", input, value);
    }

    private static <T> T waitUntil(java.util.function.Supplier<T> found) {
        return new WebDriverWait(chromium.driver(), Duration.ofSeconds(20))
                .ignoring(StaleElementReferenceException.class).until(driver -> found.get());
    }

    @Test
    void a_wrong_token_is_refused_with_a_login_error_and_shows_no_data() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
        chromium.open("http://127.0.0.1:" + guard.app().port() + "/");
        chromium.waitFor(By.id("token")).sendKeys("not-a-token-of-this-service");
        chromium.driver().findElement(By.id("login-submit")).click();

        chromium.waitForText(By.id("login-error"), "not accepted");
        assertFalse(chromium.driver().findElement(By.id("nav")).isDisplayed());
        assertEquals(List.of(), chromium.driver().findElements(By.cssSelector("table.incidents")));
    }
}
