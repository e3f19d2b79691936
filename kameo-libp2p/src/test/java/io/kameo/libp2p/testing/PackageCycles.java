package io.kameo.libp2p.testing;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks with ArchUnit that the main classes of one module form no package cycle: every package is
 * a slice, and no slice may reach itself through the others.
 */
public final class PackageCycles {
  private PackageCycles() {}

  /**
   * Fails if the packages of the main classes around {@code anchor} (its class-file directory or
   * jar) depend on each other in a cycle, naming the cycle; also fails if the import found fewer
   * than {@code expectedPackages} packages, so the check cannot pass on an empty import.
   */
  public static void assertNone(Class<?> anchor, Set<String> expectedPackages) {
    JavaClasses classes = new ClassFileImporter().importPath(classesOf(anchor));
    Set<String> found = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    assertTrue(found.containsAll(expectedPackages), "imported packages: " + found);
    slices().matching("io.kameo.(**)").should().beFreeOfCycles().check(classes);
  }

  private static Path classesOf(Class<?> anchor) {
    try {
      return Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
