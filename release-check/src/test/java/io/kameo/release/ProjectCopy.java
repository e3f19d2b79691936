package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.w3c.dom.Element;

/**
 * A copy of the build (the wrapper, {@code .mvn}, every module's pom) with the sources of one
 * module, in its own directory, where Maven can build that module without touching the build that
 * runs this test.
 */
record ProjectCopy(Path dir, String module) {

  private static final long BUILD_TIMEOUT_MINUTES = 5;

  /** Copies the build of {@code root} and the module directory {@code module} into {@code dir}. */
  static ProjectCopy of(Path root, String module, Path dir) throws IOException {
    Set<Path> files = new LinkedHashSet<>(List.of(Path.of("pom.xml"), Path.of("mvnw")));
    try (Stream<Path> mvn = Files.walk(root.resolve(".mvn"))) {
      mvn.filter(Files::isRegularFile).map(root::relativize).forEach(files::add);
    }
    Element project = StagingRepository.parseXml(root.resolve("pom.xml")).getDocumentElement();
    for (Element m : CentralPom.children(CentralPom.child(project, "modules"), "module")) {
      files.add(Path.of(m.getTextContent().strip(), "pom.xml"));
    }
    try (Stream<Path> sources = Files.walk(root.resolve(module))) {
      sources
          .filter(Files::isRegularFile)
          .map(root::relativize)
          .filter(p -> !p.startsWith(Path.of(module, "target")))
          .forEach(files::add);
    }
    for (Path file : files) {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(root.resolve(file), target, StandardCopyOption.COPY_ATTRIBUTES);
    }
    return new ProjectCopy(dir, module);
  }

  /**
   * Runs {@code ./mvnw -B -pl MODULE} with {@code args}, skipping tests and formatting, and asserts
   * it succeeds. It downloads nothing: the build that runs this test has fetched every plugin (not
   * offline all the same: the deploy plugin refuses to stage offline, even into a directory).
   */
  void maven(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                "./mvnw",
                "-B",
                "-pl",
                module,
                "-Dmaven.test.skip=true",
                "-Dspotless.check.skip=true"));
    command.addAll(List.of(args));
    Path log = dir.resolve("maven.log");
    try {
      Process maven =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!maven.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        maven.destroyForcibly().waitFor();
        throw new AssertionError(
            "Maven did not finish in " + BUILD_TIMEOUT_MINUTES + " min: " + tail(log));
      }
      assertEquals(
          0, maven.exitValue(), () -> String.join(" ", command) + " failed:\n" + tail(log));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The module's build output directory. */
  Path target() {
    return dir.resolve(module).resolve("target");
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
