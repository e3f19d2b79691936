package io.kameo.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java block of the docs site's pages (README.md and every markdown file under docs/: the
 * guide, the design notes and the other documents) is code that the build compiles.
 */
class DocsTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void every_java_block_in_the_docs_is_compiled_code() throws IOException {
    String sources = normalizedSources();
    List<Path> docs = new ArrayList<>();
    docs.add(ROOT.resolve("README.md"));
    try (Stream<Path> all = Files.walk(ROOT.resolve("docs"))) {
      all.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    int blocks = 0;
    for (Path doc : docs) {
      Matcher m = JAVA_BLOCK.matcher(Files.readString(doc));
      while (m.find()) {
        blocks++;
        String block = normalize(m.group(1));
        assertTrue(
            sources.contains(block),
            ROOT.relativize(doc) + " quotes code that no compiled source contains:\n" + m.group(1));
      }
    }
    assertFalse(blocks < 10, "expected the docs to quote code, found " + blocks + " blocks");
  }

  private static String normalizedSources() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(ROOT.resolve("examples/src"))) {
      files
          .filter(p -> p.toString().endsWith(".java"))
          .forEach(
              p -> {
                try {
                  all.append(normalize(Files.readString(p))).append('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return all.toString();
  }

  /** Lines trimmed, blank lines dropped, runs of spaces folded: formatting does not matter. */
  private static String normalize(String code) {
    StringBuilder out = new StringBuilder();
    for (String line : code.split("\n")) {
      String t = line.strip().replaceAll("\\s+", " ");
      if (!t.isEmpty()) {
        out.append(t).append('\n');
      }
    }
    return out.toString();
  }
}
