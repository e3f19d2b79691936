package io.kameo;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packages of kameo-core depend on each other in one direction: the registry, timers and
 * streams sit on top of the API and the internal access, and {@code io.kameo.internal} depends on
 * no other package, so none of them closes a cycle. ({@code io.kameo} and {@code io.kameo.spi}, the
 * generated-code SPI, still depend on each other.)
 */
class PackageDependenciesTest {
  private static final String[] FEATURES = {
    "io.kameo.registry", "io.kameo.stream", "io.kameo.time"
  };

  private static JavaClasses mainClasses() throws Exception {
    Path classes = Path.of(Actor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    JavaClasses imported = new ClassFileImporter().importPath(classes);
    Set<String> packages =
        imported.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
    assertTrue(
        packages.containsAll(
            Set.of(
                "io.kameo",
                "io.kameo.internal",
                "io.kameo.registry",
                "io.kameo.spi",
                "io.kameo.stream",
                "io.kameo.time")),
        "imported packages: " + packages);
    return imported;
  }

  @Test
  void the_internal_package_depends_on_no_other_package_of_the_module() throws Exception {
    noClasses()
        .that()
        .resideInAPackage("io.kameo.internal")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.kameo", "io.kameo.spi", "io.kameo.registry", "io.kameo.stream", "io.kameo.time")
        .check(mainClasses());
  }

  @Test
  void the_api_and_the_spi_do_not_depend_on_registry_timers_or_streams() throws Exception {
    noClasses()
        .that()
        .resideInAnyPackage("io.kameo", "io.kameo.spi")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(FEATURES)
        .check(mainClasses());
  }

  @Test
  void registry_timers_and_streams_do_not_depend_on_each_other() throws Exception {
    JavaClasses classes = mainClasses();
    for (String feature : FEATURES) {
      String[] others =
          java.util.Arrays.stream(FEATURES).filter(f -> !f.equals(feature)).toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(feature)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .check(classes);
    }
  }
}
