package io.kameo.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The public API is exactly the one package, on the core and Micrometer only. */
class ModuleTest {
  @Test
  void exports_only_the_api_package_and_needs_only_the_core_and_micrometer() throws Exception {
    ModuleDescriptor descriptor;
    try (InputStream in = KameoMetrics.class.getResourceAsStream("/module-info.class")) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertEquals("io.kameo.micrometer", descriptor.name());
    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source()));
    assertEquals(Set.of("io.kameo.micrometer"), exported);
    Set<String> requires = new TreeSet<>();
    descriptor.requires().forEach(r -> requires.add(r.name()));
    assertEquals(Set.of("java.base", "io.kameo.core", "micrometer.core"), requires);
  }
}
