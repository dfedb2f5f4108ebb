package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium against the whole service (H2, fake portal). Debian's
 * {@code chromium} and {@code chromium-driver} are used by path, so Selenium never looks for (or
 * downloads) a browser or a driver. Run with {@code mvn verify -Pbrowser}.
 */
@Tag("browser")
class ConsoleBrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    static Path profile;
    private static WebDriver browser;

    @TempDir
    Path work;
    private GuardFixture guard;

    @BeforeAll
    static void startBrowser() {
        ChromeOptions options = new ChromeOptions();
        // With both the binary and the driver given, Selenium has nothing to resolve and skips Selenium Manager.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @AfterEach
    void stop() {
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    void a_reviewer_finds_the_burst_sees_its_chart_approves_it_and_reenables_it() throws IOException {
        start();
        guard.portal.addUser("anna", "Anna Berg", false, false);
        burstBy("anna");
        logIn(GuardFixture.REVIEWER);

        browser.findElement(By.linkText("Scans")).click();
        waitFor(By.id("scan-now")).click();
        waitForText(By.id("scan-result"), "1 incidents opened");
        browser.findElement(By.linkText("Incidents")).click();
        WebElement row = waitFor(By.cssSelector("table.incidents tbody tr a"));
        assertTrue(browser.findElement(By.cssSelector("table.incidents tbody tr")).getText()
                .contains("bulk-file-changes"));
        row.click();

        // A horizontal line has no height, which WebDriver's visibility check counts as hidden: check presence
        // and where it is drawn instead.
        WebElement threshold = present(By.cssSelector("#chart svg line.threshold"));
        assertEquals(threshold.getAttribute("y1"), threshold.getAttribute("y2"));
        assertTrue(text(By.id("chart")).contains("threshold: more than 20"));
        assertEquals(25, browser.findElements(By.cssSelector("#chart svg circle.counted")).size());
        assertEquals("open", text(By.id("incident-status")));
        assertTrue(button("approve").isEnabled());
        assertFalse(button("reenable").isEnabled(), "an open incident cannot be re-enabled");
        screenshot();

        button("approve").click();
        waitForText(By.id("action-result"), "comment");
        assertEquals("open", text(By.id("incident-status")), "nothing is sent without a comment");
        browser.findElement(By.id("comment")).sendKeys("25 files in 4 minutes, nobody asked for it");
        button("approve").click();

        waitForText(By.id("action-result"), "DocSpace reports the account disabled");
        assertEquals("disabled", text(By.id("incident-status")));
        assertEquals(2, guard.portal.statusOf("anna"));
        assertTrue(text(By.id("history")).contains("25 files in 4 minutes, nobody asked for it"));
        assertFalse(button("approve").isEnabled());

        browser.findElement(By.id("comment")).sendKeys("she was migrating her archive");
        button("reenable").click();
        waitForText(By.id("action-result"), "DocSpace reports the account active");
        assertEquals("reenabled", text(By.id("incident-status")));
        assertEquals(1, guard.portal.statusOf("anna"));

        browser.findElement(By.linkText("Audit trail")).click();
        waitForText(By.id("trail"), "she was migrating her archive");
        assertTrue(text(By.id("trail")).contains("approve"));
    }

    @Test
    void a_viewer_sees_the_incident_and_its_chart_but_no_action_buttons() {
        start();
        burstBy("anna");
        guard.scan("");
        logIn(GuardFixture.VIEWER);

        waitFor(By.cssSelector("table.incidents tbody tr a")).click();
        present(By.cssSelector("#chart svg line.threshold"));

        assertEquals(List.of(), browser.findElements(By.cssSelector("[data-action]")));
        assertEquals(List.of(), browser.findElements(By.id("comment")));
        assertTrue(text(By.id("who")).contains("viewer"));
    }

    @Test
    void a_wrong_token_is_refused_with_a_login_error_and_shows_no_data() {
        start();
        browser.get(baseUrl());
        waitFor(By.id("token")).sendKeys("not-a-token-of-this-service");
        browser.findElement(By.id("login-submit")).click();

        waitForText(By.id("login-error"), "not accepted");
        assertFalse(browser.findElement(By.id("nav")).isDisplayed());
        assertEquals(List.of(), browser.findElements(By.cssSelector("table.incidents")));
    }

    private void start() {
        guard = new GuardFixture(work, at("11:00:00"), Map.of()).start();
    }

    private void burstBy(String user) {
        guard.portal.addEvent(at("08:52:00"), user, 5034, user + "-before");
        guard.series(user, 5034, "09:00:00", 10, 25, 25);
        guard.portal.addEvent(at("09:09:00"), user, 5009, user + "-after");
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + guard.app().port() + "/";
    }

    private void logIn(String token) {
        browser.get(baseUrl());
        waitFor(By.id("token")).sendKeys(token);
        browser.findElement(By.id("login-submit")).click();
        waitFor(By.id("logout"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.id("logout")).isDisplayed());
    }

    private WebElement button(String action) {
        return browser.findElement(By.cssSelector("button[data-action='" + action + "']"));
    }

    private static String text(By by) {
        return browser.findElement(by).getText();
    }

    private static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static WebElement present(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    private static void waitForText(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void screenshot() throws IOException {
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "console-incident.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
