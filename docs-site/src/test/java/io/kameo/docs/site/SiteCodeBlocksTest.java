package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java block the site shows is one that examples' DocsTest checks against compiled code:
 * DocsTest finds the blocks fenced exactly {@code ```java}, so the site may show no Java block
 * fenced any other way ({@code ~~~java}, {@code ``` java}, {@code ```Java}...).
 */
class SiteCodeBlocksTest {
  private static final Path ROOT = Path.of(System.getProperty("kameo.docs.root", ".."));
  private static final Path SITE = Path.of(System.getProperty("kameo.site.dir", "target/site"));
  private static final Pattern CHECKED_FENCE = Pattern.compile("(?m)^```java$");
  private static final Pattern JAVA_IN_HTML =
      Pattern.compile("<code class=\"language-java\"", Pattern.CASE_INSENSITIVE);

  @Test
  void the_site_shows_exactly_the_java_blocks_that_docs_test_compiles() throws IOException {
    int inMarkdown = 0;
    int inSite = 0;
    for (Path source : SiteGenerator.markdownSources(ROOT)) {
      inMarkdown += count(CHECKED_FENCE, Files.readString(ROOT.resolve(source)));
      inSite += count(JAVA_IN_HTML, Files.readString(SITE.resolve(Page.outputOf(source))));
    }
    assertTrue(inSite > 10, "expected the site to show Java code, found " + inSite + " blocks");
    assertEquals(inMarkdown, inSite, "Java blocks in the site that DocsTest does not see");
  }

  @Test
  void the_count_sees_a_java_block_fenced_another_way(@TempDir Path tmp) throws IOException {
    Files.createDirectories(tmp.resolve("docs"));
    Files.writeString(
        tmp.resolve("README.md"), "# R\n\n```java\nint a;\n```\n\n~~~java\nint b;\n~~~\n");
    Path out = tmp.resolve("site");
    SiteGenerator.build(tmp, out, "https://github.com/o/r");
    String html = Files.readString(out.resolve("index.html"));
    assertEquals(1, count(CHECKED_FENCE, Files.readString(tmp.resolve("README.md"))));
    assertEquals(2, count(JAVA_IN_HTML, html));
  }

  private static int count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
