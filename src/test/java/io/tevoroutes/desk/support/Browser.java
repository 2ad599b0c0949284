package io.tevoroutes.desk.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for the console's tests: Debian's headless Chromium driven through Debian's chromium-driver (no
 * browser download at run time). Missing, it fails the test with the command that installs it (.ci/run does): a browser
 * test is never skipped silently.
 */
public final class Browser {

    private Browser() {
    }

    public static WebDriver headlessChromium() {
        Path chromium = first("CHROMIUM_BINARY", "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = first("CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            throw new IllegalStateException("the console's browser tests need Chromium and its driver: apt-get install -y chromium"
                    + " chromium-driver (.ci/run installs them when missing), or set CHROMIUM_BINARY and CHROMEDRIVER");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000",
                "--lang=en-US", "--no-first-run", "--disable-extensions", "--disable-background-networking");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return browser;
    }

    private static Path first(String env, String... candidates) {
        String given = System.getenv(env);
        for (String c : given != null && !given.isBlank() ? List.of(given) : List.of(candidates)) {
            Path p = Path.of(c);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
