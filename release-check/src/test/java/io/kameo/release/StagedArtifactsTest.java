package io.kameo.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Checks what this very build staged (the {@code stage-locally} deploy at verify, into {@code
 * target/staging} of the root) against what Maven Central requires of each published module. Runs
 * after every published module in the reactor.
 */
final class StagedArtifactsTest {

  /** Reactor modules that are not published. */
  private static final Set<String> UNPUBLISHED_DIRS =
      Set.of("examples", "benchmarks", "kameo-sim", "docs-site", "release-check");

  private static final Path ROOT = Path.of(System.getProperty("kameo.root"));
  private static final String VERSION = System.getProperty("kameo.version");
  private static final StagingRepository STAGING =
      new StagingRepository(Path.of(System.getProperty("kameo.staging")), VERSION);

  private static final List<String> publishedJars = new ArrayList<>();
  private static final List<String> publishedPoms = new ArrayList<>();
  private static final List<String> unpublished = new ArrayList<>();
  private static CentralPom parentPom;

  @BeforeAll
  static void readReactor() {
    assertTrue(
        Files.isDirectory(STAGING.root()),
        () -> "nothing staged in " + STAGING.root() + ": run the whole build (./mvnw verify)");
    Element root = StagingRepository.parseXml(ROOT.resolve("pom.xml")).getDocumentElement();
    for (Element module : CentralPom.children(CentralPom.child(root, "modules"), "module")) {
      String dir = module.getTextContent().strip();
      Element pom =
          StagingRepository.parseXml(ROOT.resolve(dir).resolve("pom.xml")).getDocumentElement();
      String artifactId = CentralPom.childText(pom, "artifactId");
      if (UNPUBLISHED_DIRS.contains(dir)) {
        unpublished.add(artifactId);
      } else if (CentralPom.childText(pom, "packaging").equals("pom")) {
        publishedPoms.add(artifactId);
      } else {
        publishedJars.add(artifactId);
      }
    }
    String parentId = CentralPom.childText(root, "artifactId");
    Path parentFile = STAGING.file(parentId, ".pom");
    parentPom = CentralPom.of(parentId, StagingRepository.parseXml(parentFile), Optional.empty());
  }

  @Test
  void the_parent_pom_is_staged_as_built_with_central_metadata() throws IOException {
    Path staged = STAGING.file(parentPom.text("artifactId"), ".pom");
    assertArrayEquals(
        Files.readAllBytes(ROOT.resolve("pom.xml")),
        Files.readAllBytes(staged),
        "the staged parent pom is not this build's");
    StagingRepository.assertChecksums(staged);
    parentPom.assertCentralMetadata();
  }

  @Test
  void every_published_jar_module_is_staged_with_sources_javadoc_checksums_and_metadata()
      throws IOException {
    assertFalse(publishedJars.isEmpty());
    for (String artifactId : publishedJars) {
      Path jar = STAGING.file(artifactId, ".jar");
      Path built =
          ROOT.resolve(moduleDir(artifactId))
              .resolve("target/" + artifactId + "-" + VERSION + ".jar");
      assertArrayEquals(
          Files.readAllBytes(built), Files.readAllBytes(jar), artifactId + ": staged jar is stale");
      assertModuleDescriptor(artifactId, jar);
      assertSourcesJar(artifactId, STAGING.file(artifactId, "-sources.jar"));
      assertJavadocJar(artifactId, STAGING.file(artifactId, "-javadoc.jar"));
      Path pom = STAGING.file(artifactId, ".pom");
      CentralPom.of(artifactId, StagingRepository.parseXml(pom), Optional.of(parentPom))
          .assertCentralMetadata();
      for (Path file :
          List.of(
              jar,
              pom,
              STAGING.file(artifactId, "-sources.jar"),
              STAGING.file(artifactId, "-javadoc.jar"))) {
        StagingRepository.assertChecksums(file);
      }
    }
  }

  @Test
  void the_bom_has_no_parent_and_manages_exactly_the_published_modules() throws IOException {
    assertEquals(List.of("kameo-bom"), publishedPoms);
    Path staged = STAGING.file("kameo-bom", ".pom");
    StagingRepository.assertChecksums(staged);
    Element bom = StagingRepository.parseXml(staged).getDocumentElement();
    assertNull(
        CentralPom.child(bom, "parent"),
        "importing the bom would bring the parent's third-party versions");
    CentralPom.of("kameo-bom", StagingRepository.parseXml(staged), Optional.empty())
        .assertCentralMetadata();
    Set<String> managed = new TreeSet<>();
    Element dependencies =
        CentralPom.child(CentralPom.child(bom, "dependencyManagement"), "dependencies");
    for (Element dependency : CentralPom.children(dependencies, "dependency")) {
      assertEquals("io.kameo", CentralPom.childText(dependency, "groupId"));
      String version = CentralPom.childText(dependency, "version");
      // an imported bom is interpolated in its own context: ${project.version} is its version
      assertEquals(
          VERSION,
          version.equals("${project.version}") ? CentralPom.childText(bom, "version") : version);
      managed.add(CentralPom.childText(dependency, "artifactId"));
    }
    assertEquals(new TreeSet<>(publishedJars), managed, "the bom's modules");
  }

  @Test
  void examples_benchmarks_the_simulator_and_this_check_are_not_staged() {
    assertEquals(
        UNPUBLISHED_DIRS.size(), unpublished.size(), () -> "unpublished modules: " + unpublished);
    for (String artifactId : unpublished) {
      assertFalse(
          Files.exists(STAGING.versionDir(artifactId).getParent()),
          () -> artifactId + " is staged but must not be published");
    }
  }

  /** The main jar holds a module descriptor of an io.kameo module with the project's version. */
  private static void assertModuleDescriptor(String artifactId, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry("module-info.class");
      assertTrue(entry != null, () -> artifactId + ": no module-info.class");
      ModuleDescriptor descriptor = ModuleDescriptor.read(file.getInputStream(entry));
      assertTrue(descriptor.name().startsWith("io.kameo."), descriptor::name);
      assertEquals(Optional.of(VERSION), descriptor.rawVersion(), artifactId + ": module version");
    }
  }

  private static void assertSourcesJar(String artifactId, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertTrue(file.getEntry("module-info.java") != null, () -> artifactId + ": sources");
      assertTrue(
          file.stream().filter(e -> e.getName().endsWith(".java")).count() > 1,
          () -> artifactId + ": sources jar without sources");
    }
  }

  /** A module-aware Javadoc: an index and an element list that names the module. */
  private static void assertJavadocJar(String artifactId, Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      assertTrue(file.getEntry("index.html") != null, () -> artifactId + ": javadoc index");
      ZipEntry elements = file.getEntry("element-list");
      assertTrue(elements != null, () -> artifactId + ": no element-list");
      String list =
          new String(file.getInputStream(elements).readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(list.contains("module:io.kameo."), () -> artifactId + ": javadoc without module");
    }
  }

  /** The reactor directory of a published artifact (its artifactId, by our convention). */
  private static String moduleDir(String artifactId) {
    assertTrue(Files.isDirectory(ROOT.resolve(artifactId)), () -> "no module dir " + artifactId);
    return artifactId;
  }
}
