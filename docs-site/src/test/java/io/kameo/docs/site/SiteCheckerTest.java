package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/** The browser check finds what a broken site has: it is a check that can fail. */
class SiteCheckerTest {
  private static ChromeDriver browser;

  @BeforeAll
  static void startBrowser() {
    browser = Browser.start();
  }

  @AfterAll
  static void quitBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void reports_a_missing_page_a_missing_anchor_a_missing_picture_and_a_script_error(
      @TempDir Path site) throws IOException {
    Files.writeString(
        site.resolve("index.html"),
        page(
            "<a href=\"a.html#there\">fine</a> <a href=\"a.html#nowhere\">no anchor</a>"
                + " <a href=\"gone.html\">no page</a> <img src=\"gone.svg\" alt=\"gone\">"
                + " <a href=\"https://example.invalid/\">elsewhere, not followed</a>"));
    Files.writeString(
        site.resolve("a.html"),
        page("<h2 id=\"there\">There</h2><script>undefinedFunction();</script>"));

    SiteChecker.Report report;
    try (StaticServer server = StaticServer.serve(site)) {
      report = new SiteChecker(browser).check(server, "index.html");
    }

    assertEquals(Set.of("index.html", "a.html"), report.pages());
    List<String> problems = report.problems();
    assertHas(problems, "index.html asks for /gone.svg, which answers 404");
    assertHas(problems, "index.html shows a picture that does not load: gone.svg");
    assertHas(problems, "a.html logs a console error: ");
    assertHas(problems, "gone.html (linked from index.html) answers 404");
    assertHas(problems, "index.html links to a.html#nowhere, no such anchor");
    assertEquals(
        0,
        problems.stream().filter(p -> p.contains("#there")).count(),
        "an anchor that exists is not reported: " + problems);
  }

  @Test
  void a_sound_site_has_no_problem(@TempDir Path site) throws IOException {
    Files.writeString(
        site.resolve("index.html"), page("<a href=\"sub/\">sub</a> <a href=\"#top\">up</a>"));
    Files.createDirectories(site.resolve("sub"));
    Files.writeString(site.resolve("sub/index.html"), page("<a href=\"../index.html\">back</a>"));

    SiteChecker.Report report;
    try (StaticServer server = StaticServer.serve(site)) {
      report = new SiteChecker(browser).check(server, "index.html");
    }

    assertEquals(List.of(), report.problems());
    assertEquals(Set.of("index.html", "sub/index.html"), report.pages());
  }

  private static String page(String body) {
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title>"
        + "<link rel=\"icon\" href=\"data:,\"></head><body id=\"top\">"
        + body
        + "</body></html>";
  }

  private static void assertHas(List<String> problems, String start) {
    assertEquals(
        1,
        problems.stream().filter(p -> p.startsWith(start)).count(),
        "expected one problem starting \"" + start + "\" in " + problems);
  }
}
