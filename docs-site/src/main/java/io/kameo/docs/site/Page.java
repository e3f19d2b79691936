package io.kameo.docs.site;

import java.nio.file.Path;

/**
 * One markdown file of the site and the HTML file it becomes, both relative to their roots.
 *
 * @param source the markdown file, relative to the repository root (e.g. {@code
 *     docs/guide/02-actors.md})
 * @param output the HTML file, relative to the site root (e.g. {@code docs/guide/02-actors.html})
 * @param title the text of the file's first heading, or its file name when it has none
 */
record Page(Path source, Path output, String title) {

  /**
   * The HTML file a markdown file becomes: {@code README.md} is its folder's {@code index.html}.
   */
  static Path outputOf(Path source) {
    String name = source.getFileName().toString();
    String html =
        name.equals("README.md")
            ? "index.html"
            : name.substring(0, name.length() - ".md".length()) + ".html";
    return source.resolveSibling(html);
  }
}
