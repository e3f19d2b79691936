package io.kameo.docs.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Link targets written for the repository become targets that work in the site. */
class LinkRewriterTest {
  private static final String REPO = "https://github.com/o/r";

  @TempDir Path root;

  private final List<String> broken = new ArrayList<>();

  private LinkRewriter rewriter() throws IOException {
    Files.writeString(root.resolve("LICENSE"), "l");
    Files.createDirectories(root.resolve("docs/design"));
    return new LinkRewriter(
        root,
        Set.of(Path.of("README.md"), Path.of("docs/README.md"), Path.of("docs/guide/02-a.md")),
        Set.of(Path.of("docs/chart.svg")),
        REPO,
        broken);
  }

  @Test
  void a_page_link_points_to_its_html_file_and_keeps_its_fragment() throws IOException {
    LinkRewriter links = rewriter();
    Path guide = Path.of("docs/guide/02-a.md");
    assertEquals("../index.html", links.rewrite(guide, "../README.md"));
    assertEquals("../../index.html#add", links.rewrite(guide, "../../README.md#add"));
    assertEquals(
        "docs/guide/02-a.html#x", links.rewrite(Path.of("README.md"), "docs/guide/02-a.md#x"));
    assertEquals("02-a.html", links.rewrite(guide, "./02-a.md"));
    assertEquals(List.of(), broken);
  }

  @Test
  void pictures_fragments_and_other_hosts_stay_as_they_are() throws IOException {
    LinkRewriter links = rewriter();
    Path docs = Path.of("docs/README.md");
    assertEquals("chart.svg", links.rewrite(docs, "chart.svg"));
    assertEquals("#open", links.rewrite(docs, "#open"));
    assertEquals("https://example.org/a.md", links.rewrite(docs, "https://example.org/a.md"));
    assertEquals("mailto:a@example.org", links.rewrite(docs, "mailto:a@example.org"));
    assertEquals(List.of(), broken);
  }

  @Test
  void another_file_of_the_repository_points_to_the_repository_browser() throws IOException {
    LinkRewriter links = rewriter();
    assertEquals(REPO + "/blob/main/LICENSE", links.rewrite(Path.of("README.md"), "LICENSE"));
    assertEquals(
        REPO + "/tree/main/docs/design", links.rewrite(Path.of("README.md"), "docs/design/"));
    assertEquals(List.of(), broken);
  }

  @Test
  void a_link_to_a_missing_file_or_outside_the_repository_is_reported() throws IOException {
    LinkRewriter links = rewriter();
    links.rewrite(Path.of("docs/README.md"), "guide/03-gone.md#x");
    links.rewrite(Path.of("README.md"), "../elsewhere.md");
    assertEquals(
        List.of(
            "docs/README.md links to guide/03-gone.md#x, which does not exist",
            "README.md links to ../elsewhere.md, outside the repository"),
        broken);
  }

  @Test
  void the_generator_writes_nothing_and_names_every_broken_link(@TempDir Path out)
      throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(root.resolve("README.md"), "# Home\n\nSee [the guide](docs/README.md).\n");
    Files.writeString(
        root.resolve("docs/README.md"), "# Guide\n\n[gone](gone.md) and ![chart](chart.png)\n");

    BrokenLinksException e =
        assertThrows(BrokenLinksException.class, () -> SiteGenerator.build(root, out, REPO));

    assertEquals(
        List.of(
            "docs/README.md links to gone.md, which does not exist",
            "docs/README.md links to chart.png, which does not exist"),
        e.links());
    assertFalse(Files.exists(out.resolve("index.html")));
  }

  @Test
  void the_generator_writes_one_page_per_markdown_file_with_its_title(@TempDir Path out)
      throws IOException {
    Files.createDirectories(root.resolve("docs/guide"));
    Files.writeString(root.resolve("README.md"), "# Home\n\nSee [the guide](docs/README.md).\n");
    Files.writeString(root.resolve("docs/README.md"), "# The `guide`\n\n[one](guide/01-one.md)\n");
    Files.writeString(root.resolve("docs/guide/01-one.md"), "# One\n\n## A heading\n");

    List<Page> pages = SiteGenerator.build(root, out, REPO);

    assertEquals(List.of("Home", "The guide", "One"), pages.stream().map(Page::title).toList());
    String one = Files.readString(out.resolve("docs/guide/01-one.html"));
    assertTrue(one.contains("<h2 id=\"a-heading\">A heading</h2>"), one);
    assertTrue(one.contains("href=\"../../site.css\""), one);
    assertTrue(one.contains("<a rel=\"prev\" href=\"../index.html\">← The guide</a>"), one);
    assertFalse(one.contains("rel=\"next\""), "the last chapter has no next one");
    assertTrue(
        Files.readString(out.resolve("docs/index.html")).contains("href=\"guide/01-one.html\""));
  }
}
