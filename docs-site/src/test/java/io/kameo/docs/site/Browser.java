package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.SessionNotCreatedException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.http.ClientConfig;

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

  private static final Path LOGS =
      Path.of(System.getProperty("kameo.browser.logs", "target")).toAbsolutePath();
  private static final AtomicInteger LOG_NUMBER = new AtomicInteger();

  private Browser() {}

  /**
   * A new headless Chromium that records the console's messages; the caller quits it.
   *
   * <p>A start that does not answer within a minute is tried once more: on a loaded machine
   * Chromium's first start can stall. Each try writes chromedriver's log to {@code
   * target/chromedriver-*.log}; the failure names them.
   */
  static ChromeDriver start() {
    Path chromium = executable("kameo.chromium", "/usr/bin/chromium");
    Path chromedriver = executable("kameo.chromedriver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // no sandbox: CI runs as root, where Chromium's sandbox refuses to start
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    List<Path> logs = new ArrayList<>();
    RuntimeException last = null;
    for (int attempt = 1; attempt <= 2; attempt++) {
      Path log =
          LOGS.resolve(
              "chromedriver-"
                  + ProcessHandle.current().pid()
                  + "-"
                  + LOG_NUMBER.incrementAndGet()
                  + ".log");
      logs.add(log);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(chromedriver.toFile())
              .usingAnyFreePort()
              .withTimeout(Duration.ofSeconds(60))
              .withLogFile(log.toFile())
              .build();
      try {
        ChromeDriver driver =
            new ChromeDriver(
                service, options, ClientConfig.defaultConfig().readTimeout(Duration.ofSeconds(60)));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
      } catch (SessionNotCreatedException e) {
        service.stop();
        last = e;
      }
    }
    throw new AssertionError(
        "headless Chromium did not start, twice; chromedriver's logs: " + logs, last);
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
