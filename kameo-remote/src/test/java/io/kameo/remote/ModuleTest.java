package io.kameo.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleTest {
  @Test
  void exports_the_api_and_error_packages() {
    Module module = ActorSwarm.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path");
    ModuleDescriptor descriptor = module.getDescriptor();
    assertEquals("io.kameo.remote", descriptor.name());
    Set<String> exported =
        descriptor.exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertEquals(Set.of("io.kameo.remote", "io.kameo.remote.error"), exported);
  }
}
