package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * A Maven repository laid out on disk by {@code deploy:deploy} with a {@code file:} URL: where the
 * files of one {@code io.kameo} artifact are, under their snapshot-timestamped names if the version
 * is a snapshot.
 */
record StagingRepository(Path root, String version) {

  static final String GROUP_PATH = "io/kameo";

  /** The directory of one artifact's version, e.g. {@code io/kameo/kameo-core/0.1.0-SNAPSHOT}. */
  Path versionDir(String artifactId) {
    return root.resolve(GROUP_PATH).resolve(artifactId).resolve(version);
  }

  /**
   * The staged file of {@code artifactId} with {@code suffix} (e.g. {@code ".jar"}, {@code
   * "-sources.jar"}, {@code ".pom"}), asserting it exists; for a snapshot, the newest deployment's.
   */
  Path file(String artifactId, String suffix) {
    Path dir = versionDir(artifactId);
    Path file = dir.resolve(artifactId + "-" + fileVersion(dir) + suffix);
    assertTrue(Files.isRegularFile(file), () -> "not staged: " + file);
    return file;
  }

  /** The version in the file names: the version itself, or its newest snapshot timestamp. */
  private String fileVersion(Path dir) {
    if (!version.endsWith("-SNAPSHOT")) {
      return version;
    }
    Path metadata = dir.resolve("maven-metadata.xml");
    assertTrue(Files.isRegularFile(metadata), () -> "no snapshot metadata: " + metadata);
    Document doc = parseXml(metadata);
    String timestamp = doc.getElementsByTagName("timestamp").item(0).getTextContent().strip();
    String build = doc.getElementsByTagName("buildNumber").item(0).getTextContent().strip();
    return version.substring(0, version.length() - "SNAPSHOT".length()) + timestamp + "-" + build;
  }

  /** Asserts that {@code file} has .md5 and .sha1 checksum files that match its bytes. */
  static void assertChecksums(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    for (String[] algorithm : new String[][] {{"MD5", ".md5"}, {"SHA-1", ".sha1"}}) {
      Path sum = file.resolveSibling(file.getFileName() + algorithm[1]);
      assertTrue(Files.isRegularFile(sum), () -> "no checksum: " + sum);
      assertEquals(
          digest(algorithm[0], bytes),
          Files.readString(sum).strip().split("\\s+")[0],
          () -> "wrong checksum in " + sum);
    }
  }

  private static String digest(String algorithm, byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Parses an XML file with namespaces off (POM element names are then plain). */
  static Document parseXml(Path file) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(file.toFile());
    } catch (Exception e) {
      throw new AssertionError("cannot parse " + file, e);
    }
  }
}
