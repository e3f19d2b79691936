package io.kameo.docs.site;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Builds the static HTML site of the documentation: {@code README.md} and every {@code
 * docs/**}{@code /*.md} become one HTML page each, in the same folders ({@code README.md} as its
 * folder's {@code index.html}), with the pictures of {@code docs/} copied beside them.
 *
 * <p>Markdown is rendered by commonmark-java (CommonMark with GitHub's tables; headings get the ids
 * GitHub gives them, so that {@code page.md#heading} links keep working). A link to another page
 * points to its HTML file, a link to any other file of the repository to its address in the
 * repository browser, and a link to a file that does not exist fails the build, with every such
 * link named.
 *
 * <p>Run as {@code SiteGenerator <repository root> <output folder> <repository url>}; the output
 * folder is emptied first.
 */
public final class SiteGenerator {
  private static final List<String> PICTURES = List.of(".svg", ".png", ".jpg", ".gif");
  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), HeadingAnchorExtension.create());

  private SiteGenerator() {}

  /**
   * Builds the site; exits with status 1 and the list of broken links when there are any.
   *
   * @param args the repository root, the output folder and the repository's browsing address
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      throw new IllegalArgumentException(
          "usage: SiteGenerator <repository root> <output folder> <repository url>, got "
              + List.of(args));
    }
    try {
      List<Page> pages = build(Path.of(args[0]), Path.of(args[1]), args[2]);
      // a build tool's one line of output, not library logging
      System.out.println("docs site: " + pages.size() + " pages in " + args[1]);
    } catch (BrokenLinksException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Builds the site of the repository at {@code root} into {@code out}.
   *
   * @return the pages written, in navigation order
   * @throws BrokenLinksException when a link points to a file that does not exist (nothing is
   *     written then)
   */
  static List<Page> build(Path root, Path out, String repositoryUrl) throws IOException {
    root = root.toAbsolutePath().normalize();
    List<Path> sources = markdownSources(root);
    Set<Path> assets = new LinkedHashSet<>(files(root, "docs", SiteGenerator::isPicture));
    List<String> broken = new ArrayList<>();
    LinkRewriter links = new LinkRewriter(root, Set.copyOf(sources), assets, repositoryUrl, broken);

    Parser parser = Parser.builder().extensions(EXTENSIONS).build();
    HtmlRenderer renderer = HtmlRenderer.builder().extensions(EXTENSIONS).build();
    List<Page> pages = new ArrayList<>();
    List<Node> documents = new ArrayList<>();
    for (Path source : sources) {
      Node document = parser.parse(Files.readString(root.resolve(source)));
      document.accept(new LinkVisitor(source, links));
      pages.add(new Page(source, Page.outputOf(source), titleOf(document, source)));
      documents.add(document);
    }
    if (!broken.isEmpty()) {
      throw new BrokenLinksException(broken);
    }

    deleteRecursively(out);
    Layout layout = new Layout(pages);
    for (int i = 0; i < pages.size(); i++) {
      Page page = pages.get(i);
      Path file = out.resolve(page.output());
      Files.createDirectories(file.getParent());
      Files.writeString(file, layout.render(page, renderer.render(documents.get(i))));
    }
    for (Path asset : assets) {
      Path file = out.resolve(asset);
      Files.createDirectories(file.getParent());
      Files.copy(root.resolve(asset), file);
    }
    try (InputStream css = SiteGenerator.class.getResourceAsStream(Layout.STYLESHEET)) {
      Files.copy(css, out.resolve(Layout.STYLESHEET));
    }
    return pages;
  }

  /**
   * The markdown files of the site, relative to {@code root}: {@code README.md}, then {@code
   * docs/**}{@code /*.md} in path order.
   */
  static List<Path> markdownSources(Path root) throws IOException {
    List<Path> sources = new ArrayList<>();
    sources.add(Path.of("README.md"));
    sources.addAll(files(root, "docs", p -> p.getFileName().toString().endsWith(".md")));
    return sources;
  }

  private static List<Path> files(Path root, String dir, Predicate<Path> keep) throws IOException {
    try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
      return walk.filter(Files::isRegularFile)
          .filter(keep)
          .map(root::relativize)
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  private static boolean isPicture(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return PICTURES.stream().anyMatch(name::endsWith);
  }

  private static String titleOf(Node document, Path source) {
    for (Node n = document.getFirstChild(); n != null; n = n.getNext()) {
      if (n instanceof Heading heading) {
        StringBuilder text = new StringBuilder();
        heading.accept(
            new AbstractVisitor() {
              @Override
              public void visit(Text t) {
                text.append(t.getLiteral());
              }

              @Override
              public void visit(Code c) {
                text.append(c.getLiteral());
              }
            });
        return text.toString().strip();
      }
    }
    return source.getFileName().toString();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }

  /** Rewrites the target of every link and picture of one page. */
  private static final class LinkVisitor extends AbstractVisitor {
    private final Path source;
    private final LinkRewriter links;

    LinkVisitor(Path source, LinkRewriter links) {
      this.source = source;
      this.links = links;
    }

    @Override
    public void visit(Link link) {
      link.setDestination(links.rewrite(source, link.getDestination()));
      visitChildren(link);
    }

    @Override
    public void visit(Image image) {
      image.setDestination(links.rewrite(source, image.getDestination()));
      visitChildren(image);
    }
  }
}
