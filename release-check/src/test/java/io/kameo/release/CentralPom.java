package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A staged POM read as Maven Central validates it: each required element is the POM's own or, when
 * it has none, its parent's (the parent is published beside it).
 */
record CentralPom(String label, Element project, Optional<CentralPom> parent) {

  /** The POM of {@code doc}; {@code parent} is the staged parent POM, if it has one. */
  static CentralPom of(String label, Document doc, Optional<CentralPom> parent) {
    return new CentralPom(label, doc.getDocumentElement(), parent);
  }

  /**
   * Asserts what Central requires of every POM: coordinates, name, description, url, licenses
   * (here: both MIT and Apache-2.0, each with a url), scm (url and connection) and developers (each
   * named).
   */
  void assertCentralMetadata() {
    for (String element :
        List.of("groupId", "artifactId", "version", "name", "description", "url")) {
      assertFalse(text(element).isBlank(), () -> label + ": no <" + element + ">");
    }
    Element licenses = inherited("licenses");
    Set<String> names = new TreeSet<>();
    for (Element license : children(licenses, "license")) {
      names.add(childText(license, "name"));
      assertFalse(childText(license, "url").isBlank(), () -> label + ": a license without a url");
    }
    assertEquals(Set.of("Apache-2.0", "MIT"), names, () -> label + ": licenses");
    Element scm = inherited("scm");
    assertFalse(childText(scm, "url").isBlank(), () -> label + ": no <scm><url>");
    assertFalse(childText(scm, "connection").isBlank(), () -> label + ": no <scm><connection>");
    List<Element> developers = children(inherited("developers"), "developer");
    assertFalse(developers.isEmpty(), () -> label + ": no <developer>");
    for (Element developer : developers) {
      assertFalse(
          childText(developer, "name").isBlank(), () -> label + ": a developer has no name");
    }
  }

  /** The text of a top-level element, the parent's if this POM has none (groupId, version too). */
  String text(String element) {
    Element own = child(project, element);
    if (own != null) {
      return own.getTextContent().strip();
    }
    if (element.equals("groupId") || element.equals("version")) {
      Element parentRef = child(project, "parent");
      if (parentRef != null) {
        return childText(parentRef, element);
      }
    }
    return parent.map(p -> p.text(element)).orElse("");
  }

  /** A top-level element, this POM's or else the parent's; fails if neither has it. */
  Element inherited(String element) {
    Element own = child(project, element);
    if (own != null) {
      return own;
    }
    return parent
        .map(p -> p.inherited(element))
        .orElseThrow(() -> new AssertionError(label + ": no <" + element + ">"));
  }

  /** The direct children named {@code name} of {@code parent}. */
  static List<Element> children(Element parent, String name) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        result.add(e);
      }
    }
    return result;
  }

  /** The first direct child named {@code name}, or null. */
  static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  /** The stripped text of the first direct child named {@code name}, or "" if there is none. */
  static String childText(Element parent, String name) {
    Element e = child(parent, name);
    return e == null ? "" : e.getTextContent().strip();
  }
}
