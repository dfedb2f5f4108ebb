package io.docspaceguard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both by path, so Selenium never looks
 * for (or downloads) a browser or a driver; plus the few console steps and waits the browser tests share.
 * Every wait is a {@link WebDriverWait} with a bounded timeout.
 */
final class Chromium implements AutoCloseable {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final WebDriver driver;

    private Chromium(WebDriver driver) {
        this.driver = driver;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
    }

    /** A fresh browser at 1280×800 with its profile in {@code profile}. */
    static Chromium start(Path profile) {
        if (!installed()) {
            throw new IllegalStateException(BrowserTest.ChromiumInstalled.INSTALL.replace("skipped", "cannot run"));
        }
        ChromeOptions options = new ChromeOptions();
        // With both the binary and the driver given, Selenium has nothing to resolve and skips Selenium Manager.
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,800", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new Chromium(new ChromeDriver(service, options));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    /** Signs in on the console at {@code baseUrl} and waits until the signed-in header shows. */
    void logIn(String baseUrl, String token) {
        open(baseUrl);
        waitFor(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login-submit")).click();
        waitFor(By.id("logout"));
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** For elements WebDriver counts as hidden though drawn, such as a horizontal SVG line (no height). */
    WebElement present(By by) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** The element's text; found again if the page redrew it between finding and reading (polling views do). */
    String text(By by) {
        return new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElement(by).getText());
    }

    /** A decision button on the incident page. */
    WebElement button(String action) {
        return driver.findElement(By.cssSelector("button[data-action='" + action + "']"));
    }

    /** The window's size, e.g. a phone's 390 px width. */
    void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    void screenshot(Path target) throws IOException {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
