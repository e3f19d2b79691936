package io.kameo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The public API is exactly what module-info exports. */
class ModuleTest {
  @Test
  void exports_only_the_api_packages() throws Exception {
    ModuleDescriptor descriptor;
    try (InputStream in = Actor.class.getResourceAsStream("/module-info.class")) {
      descriptor = ModuleDescriptor.read(in);
    }
    assertEquals("io.kameo.core", descriptor.name());
    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source()));
    assertEquals(
        Set.of("io.kameo", "io.kameo.registry", "io.kameo.spi", "io.kameo.stream", "io.kameo.time"),
        exported);
  }
}
