package io.kameo.docs.site;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Walks a served site in a real browser from its start page: loads every page it can reach through
 * the site's own links, and reports each page or file that answers 404, each message the browser's
 * console logs as an error, each picture that does not load, and each link whose {@code #fragment}
 * names no element of its page. Links to other hosts are not followed.
 */
final class SiteChecker {
  private static final String LINKS =
      "return Array.from(document.querySelectorAll('a[href]'), a => "
          + "[a.href.split('#')[0], decodeURIComponent(a.hash.substring(1))]);";
  private static final String ANCHORS =
      "return Array.from(document.querySelectorAll('[id], a[name]'), e => e.id || e.name);";
  private static final String BROKEN_PICTURES =
      "return Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
          + ".map(i => i.getAttribute('src'));";

  /**
   * What a walk found.
   *
   * @param pages the HTML pages that loaded, as paths relative to the site root
   * @param problems one sentence per problem, empty for a sound site
   */
  record Report(Set<String> pages, List<String> problems) {}

  private record LinkTo(String from, String target, String fragment) {}

  private final WebDriver browser;

  SiteChecker(WebDriver browser) {
    this.browser = browser;
  }

  /** Walks the site that {@code server} serves, starting at {@code startPage} (e.g. index.html). */
  Report check(StaticServer server, String startPage) {
    URI base = server.base();
    server.takeNotFound();
    browser.manage().logs().get(LogType.BROWSER); // drop what an earlier walk left
    Set<String> pages = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    Map<String, Set<String>> anchors = new LinkedHashMap<>();
    Map<String, String> firstLinkTo = new LinkedHashMap<>();
    List<LinkTo> fragments = new ArrayList<>();
    Deque<String> queue = new ArrayDeque<>(List.of(startPage));
    Set<String> seen = new HashSet<>(queue);
    firstLinkTo.put(startPage, "the start");
    while (!queue.isEmpty()) {
      String path = queue.poll();
      browser.get(base.resolve(path).toString());
      List<String> notFound = server.takeNotFound();
      for (String missing : notFound) {
        problems.add(
            missing.equals("/" + path)
                ? path + " (linked from " + firstLinkTo.get(path) + ") answers 404"
                : path + " asks for " + missing + ", which answers 404");
      }
      for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
        if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
          problems.add(path + " logs a console error: " + entry.getMessage());
        }
      }
      if (!notFound.contains("/" + path) && path.endsWith(".html")) {
        pages.add(path);
        anchors.put(path, new HashSet<>(strings(script(ANCHORS))));
        for (String picture : strings(script(BROKEN_PICTURES))) {
          problems.add(path + " shows a picture that does not load: " + picture);
        }
        for (Object link : script(LINKS)) {
          List<?> pair = (List<?>) link;
          String url = (String) pair.get(0);
          if (!url.startsWith(base.toString())) {
            continue; // another host
          }
          String target = url.substring(base.toString().length());
          if (target.isEmpty() || target.endsWith("/")) {
            target += "index.html";
          }
          if (seen.add(target)) {
            queue.add(target);
            firstLinkTo.put(target, path);
          }
          String fragment = (String) pair.get(1);
          if (!fragment.isEmpty()) {
            fragments.add(new LinkTo(path, target, fragment));
          }
        }
      }
    }
    Set<String> missingAnchors = new LinkedHashSet<>();
    for (LinkTo link : fragments) {
      Set<String> ids = anchors.get(link.target());
      if (ids != null && !ids.contains(link.fragment())) {
        missingAnchors.add(
            link.from()
                + " links to "
                + link.target()
                + "#"
                + link.fragment()
                + ", no such anchor");
      }
    }
    problems.addAll(missingAnchors);
    return new Report(pages, problems);
  }

  private List<?> script(String script) {
    return (List<?>) ((JavascriptExecutor) browser).executeScript(script);
  }

  private static List<String> strings(List<?> values) {
    return values.stream().map(String::valueOf).toList();
  }
}
