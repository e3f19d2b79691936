package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts headless Chromium through chromedriver, both from Debian's packages ({@code
 * /usr/bin/chromium}, {@code /usr/bin/chromedriver}; the system properties {@code kameo.chromium}
 * and {@code kameo.chromedriver} name others). A missing one fails the test, saying what to
 * install: the site check never skips.
 */
final class Browser {
  /*
   * Selenium warns that it has no DevTools binding for this Chromium version; the check uses
   * WebDriver only, never DevTools. Held here so that the setting is not collected with the logger.
   */
  private static final Logger DEVTOOLS = Logger.getLogger("org.openqa.selenium.devtools");

  static {
    DEVTOOLS.setLevel(Level.SEVERE);
  }

  private Browser() {}

  /** A new headless Chromium that records the console's messages; the caller quits it. */
  static ChromeDriver start() {
    Path chromium = executable("kameo.chromium", "/usr/bin/chromium");
    Path chromedriver = executable("kameo.chromedriver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // no sandbox: CI runs as root, where Chromium's sandbox refuses to start
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(chromedriver.toString()))
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private static Path executable(String property, String debianPath) {
    Path path = Path.of(System.getProperty(property, debianPath));
    if (!Files.isExecutable(path)) {
      fail(
          path
              + " is missing: the docs site test drives a real headless browser. Install Debian's"
              + " packages: apt-get install chromium chromium-driver (or set -D"
              + property
              + "=<path>)");
    }
    return path;
  }
}
