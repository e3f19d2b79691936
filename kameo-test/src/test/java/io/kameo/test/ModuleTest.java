package io.kameo.test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The public API of the kit is exactly what module-info exports. */
class ModuleTest {
  @Test
  void exports_only_the_api_package() throws Exception {
    Path classes =
        Path.of(ActorTestKit.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ModuleDescriptor descriptor = ModuleFinder.of(classes).findAll().iterator().next().descriptor();
    assertEquals("io.kameo.test", descriptor.name());
    Set<String> exported = new TreeSet<>();
    descriptor.exports().forEach(e -> exported.add(e.source()));
    assertEquals(Set.of("io.kameo.test"), exported);
  }
}
