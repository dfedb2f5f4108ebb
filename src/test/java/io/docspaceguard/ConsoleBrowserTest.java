package io.docspaceguard;

import static io.docspaceguard.GuardFixture.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The console's login in a real headless Chromium against the service on the fake portal. The reviewer's
 * and the viewer's walk through an incident run on the demo, in {@link ConsoleDemoBrowserTest}. Run with
 * {@code mvn verify -Pbrowser}.
 */
@Tag("browser")
class ConsoleBrowserTest {
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
