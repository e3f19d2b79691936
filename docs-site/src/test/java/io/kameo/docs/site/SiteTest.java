package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The site this build generated (target/site, written before the tests run) in headless Chromium:
 * one page per markdown file, each reached from the start page, and not one broken link, anchor,
 * picture or console error.
 */
class SiteTest {
  private static final Path ROOT = Path.of(System.getProperty("kameo.docs.root", ".."));
  private static final Path SITE = Path.of(System.getProperty("kameo.site.dir", "target/site"));

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
  void every_markdown_file_is_a_page_reached_from_the_start_page_with_no_broken_link()
      throws IOException {
    SiteChecker.Report report;
    try (StaticServer server = StaticServer.serve(SITE)) {
      report = new SiteChecker(browser).check(server, "index.html");
    }
    assertEquals("", String.join("\n", report.problems()), "the site has broken links or errors");
    Set<String> expected = new TreeSet<>();
    for (Path md : markdownFiles()) {
      String name = md.getFileName().toString();
      String html = name.equals("README.md") ? "index.html" : name.replaceAll("\\.md$", ".html");
      Path parent = ROOT.relativize(md).getParent();
      expected.add(parent == null ? html : parent.resolve(html).toString().replace('\\', '/'));
    }
    assertEquals(expected, report.pages(), "one page per markdown file, each one reachable");
  }

  /** README.md and every markdown file under docs/, listed here apart from the generator. */
  private static Set<Path> markdownFiles() throws IOException {
    Set<Path> files = new TreeSet<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(files::add);
    }
    return files;
  }
}
