package io.kameo.docs.site;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Turns the link targets of the markdown, written for reading the files in the repository, into
 * targets that work in the site: a page's {@code .md} becomes its {@code .html}, a picture stays
 * where the site copies it, any other file of the repository becomes its address in the repository
 * browser, and a target that does not exist is reported.
 */
final class LinkRewriter {
  private final Path root;
  private final Set<Path> pages;
  private final Set<Path> assets;
  private final String repositoryUrl;
  private final List<String> broken;

  /**
   * @param root the repository root
   * @param pages the markdown files of the site, relative to the root
   * @param assets the files the site copies as they are (pictures), relative to the root
   * @param repositoryUrl where the repository is browsed, e.g. {@code https://github.com/o/r}
   * @param broken where each broken link is added, as a sentence naming the page and the target
   */
  LinkRewriter(
      Path root, Set<Path> pages, Set<Path> assets, String repositoryUrl, List<String> broken) {
    this.root = root;
    this.pages = pages;
    this.assets = assets;
    this.repositoryUrl = repositoryUrl.endsWith("/") ? repositoryUrl : repositoryUrl + "/";
    this.broken = broken;
  }

  /** The target of a link from page {@code from} (relative to the root) in the site. */
  String rewrite(Path from, String destination) {
    if (destination.isEmpty()
        || destination.startsWith("#")
        || destination.startsWith("//")
        || URI.create(destination.replace(" ", "%20")).getScheme() != null) {
      return destination;
    }
    int hash = destination.indexOf('#');
    String path = hash < 0 ? destination : destination.substring(0, hash);
    String fragment = hash < 0 ? "" : destination.substring(hash);
    Path target = parentOf(from).resolve(path).normalize();
    if (target.startsWith("..")) {
      broken.add(from + " links to " + destination + ", outside the repository");
      return destination;
    }
    Path fromOutput = parentOf(Page.outputOf(from));
    if (pages.contains(target)) {
      return relative(fromOutput, Page.outputOf(target)) + fragment;
    }
    if (assets.contains(target)) {
      return relative(fromOutput, target) + fragment;
    }
    Path file = root.resolve(target);
    if (!target.toString().isEmpty() && Files.exists(file)) {
      String kind = Files.isDirectory(file) ? "tree/main/" : "blob/main/";
      return repositoryUrl + kind + slashes(target) + fragment;
    }
    broken.add(from + " links to " + destination + ", which does not exist");
    return destination;
  }

  private static Path parentOf(Path p) {
    Path parent = p.getParent();
    return parent == null ? Path.of("") : parent;
  }

  private static String relative(Path fromDir, Path to) {
    return slashes(fromDir.relativize(to));
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}
