package io.kameo.actors;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The public API is exactly what module-info exports, and the packages form no cycle. */
class ModuleTest {
  @Test
  void exports_only_the_api_package_and_needs_only_the_core() throws Exception {
    ModuleDescriptor descriptor;
    try (InputStream in = Pool.class.getResourceAsStream("/module-info.class")) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertEquals("io.kameo.actors", descriptor.name());
    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source()));
    assertEquals(Set.of("io.kameo.actors"), exported);
    Set<String> requires = new TreeSet<>();
    descriptor.requires().forEach(r -> requires.add(r.name()));
    assertEquals(Set.of("java.base", "io.kameo.core"), requires);
  }

  @Test
  void the_internal_package_depends_on_nothing_of_the_api() throws Exception {
    Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    noClasses()
        .that()
        .resideInAPackage("io.kameo.actors.internal")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.kameo.actors")
        .check(new ClassFileImporter().importPath(classes));
  }
}
