package io.kameo.docs.site;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The HTML around a page's content: a header, a navigation column listing every page in groups (the
 * README, the guide, the other documents, the design notes), and the content itself.
 */
final class Layout {
  /** The site's stylesheet, at the site root. */
  static final String STYLESHEET = "site.css";

  private final List<Page> pages;

  Layout(List<Page> pages) {
    this.pages = List.copyOf(pages);
  }

  /** The whole HTML document of {@code page}, whose content is {@code body}. */
  String render(Page page, String body) {
    StringBuilder html = new StringBuilder(body.length() + 8192);
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(page.title()))
        .append(" · Kameo for Java</title>\n")
        // no favicon.ico request (it would be a 404)
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<link rel=\"stylesheet\" href=\"")
        .append(link(page, Path.of(STYLESHEET)))
        .append("\">\n</head>\n<body>\n<header><a href=\"")
        .append(link(page, Path.of("index.html")))
        .append("\">Kameo for Java</a></header>\n<div class=\"layout\">\n<nav>\n");
    group(html, page, "Start", p -> p.source().getNameCount() == 1);
    group(html, page, "Guide", Layout::inGuide);
    group(html, page, "Design notes", p -> p.source().startsWith("docs/design"));
    group(
        html,
        page,
        "More",
        p -> p.source().getNameCount() == 2 && p.source().startsWith("docs") && !isDocsIndex(p));
    html.append("</nav>\n<main>\n").append(body);
    pager(html, page);
    html.append("</main>\n</div>\n</body>\n</html>\n");
    return html.toString();
  }

  private void group(StringBuilder html, Page current, String name, Predicate<Page> member) {
    html.append("<h2>").append(name).append("</h2>\n<ul>\n");
    for (Page p : pages) {
      if (member.test(p)) {
        html.append("<li><a href=\"").append(link(current, p.output())).append('"');
        if (p.equals(current)) {
          html.append(" aria-current=\"page\"");
        }
        html.append('>').append(escape(p.title())).append("</a></li>\n");
      }
    }
    html.append("</ul>\n");
  }

  /** Links to the guide's previous and next chapters, at the foot of a guide page. */
  private void pager(StringBuilder html, Page current) {
    List<Page> guide = pages.stream().filter(Layout::inGuide).toList();
    int i = guide.indexOf(current);
    if (i < 0) {
      return;
    }
    html.append("<footer class=\"pager\">");
    if (i > 0) {
      pagerLink(html, current, guide.get(i - 1), "prev", "← ");
    }
    if (i + 1 < guide.size()) {
      pagerLink(html, current, guide.get(i + 1), "next", "");
    }
    html.append("</footer>\n");
  }

  private static void pagerLink(
      StringBuilder html, Page from, Page to, String rel, String arrowBefore) {
    html.append("<a rel=\"")
        .append(rel)
        .append("\" href=\"")
        .append(link(from, to.output()))
        .append("\">")
        .append(arrowBefore)
        .append(escape(to.title()))
        .append(rel.equals("next") ? " →" : "")
        .append("</a>");
  }

  private static boolean inGuide(Page p) {
    return p.source().startsWith("docs/guide") || isDocsIndex(p);
  }

  private static boolean isDocsIndex(Page p) {
    return p.source().equals(Path.of("docs/README.md"));
  }

  private static String link(Page from, Path to) {
    Path dir = from.output().getParent();
    Path rel = dir == null ? to : dir.relativize(to);
    return rel.toString().replace('\\', '/');
  }

  /** Text made safe to put between tags or in a double-quoted attribute. */
  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
