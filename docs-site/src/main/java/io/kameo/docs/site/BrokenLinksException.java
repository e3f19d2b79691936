package io.kameo.docs.site;

import java.util.List;

/** The markdown links to files that do not exist; the message names each one on its own line. */
final class BrokenLinksException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> links;

  BrokenLinksException(List<String> links) {
    super(links.size() + " broken link(s) in the docs:\n  " + String.join("\n  ", links));
    this.links = List.copyOf(links);
  }

  /** Each broken link, as "page links to target, which does not exist". */
  List<String> links() {
    return links;
  }
}
