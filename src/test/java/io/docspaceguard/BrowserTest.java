package io.docspaceguard;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class that drives the console in Debian's Chromium. It runs when Chromium and chromedriver are installed,
 * and is skipped with one line saying how to install them when they are not, unless
 * {@code GUARD_TEST_REQUIRE_BROWSER=true} (CI sets it): then it runs and fails, so a run without the browser
 * tests cannot pass as a complete one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(BrowserTest.ChromiumInstalled.class)
public @interface BrowserTest {

    final class ChromiumInstalled implements ExecutionCondition {
        static final String INSTALL = "browser tests skipped: Debian's Chromium is not installed; install it with "
                + "`apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver` "
                + "(as root, or prefixed with sudo)";

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (Chromium.installed()) {
                return ConditionEvaluationResult.enabled("Chromium and chromedriver are installed");
            }
            if ("true".equals(System.getenv("GUARD_TEST_REQUIRE_BROWSER"))) {
                return ConditionEvaluationResult.enabled("GUARD_TEST_REQUIRE_BROWSER=true: run, and fail");
            }
            System.err.println(INSTALL);
            return ConditionEvaluationResult.disabled(INSTALL);
        }
    }
}
