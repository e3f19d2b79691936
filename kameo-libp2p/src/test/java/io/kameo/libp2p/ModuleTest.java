package io.kameo.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ModuleTest {
  @Test
  void exports_the_api_and_runtime_packages_and_the_wire_helpers_only_to_kameo_remote() {
    Module module = Host.class.getModule();
    assertTrue(module.isNamed(), "tests must run on the module path");
    ModuleDescriptor descriptor = module.getDescriptor();
    assertEquals("io.kameo.libp2p", descriptor.name());
    Map<String, Set<String>> exported =
        descriptor.exports().stream()
            .collect(Collectors.toMap(ModuleDescriptor.Exports::source, e -> e.targets()));
    assertEquals(
        Map.of(
            "io.kameo.libp2p", Set.of(),
            "io.kameo.libp2p.runtime", Set.of(),
            "io.kameo.libp2p.internal.wire", Set.of("io.kameo.remote"),
            "io.kameo.libp2p.internal.frames", Set.of("io.kameo.remote")),
        exported);
  }

  @Test
  void does_not_read_kameo_core() {
    ModuleDescriptor descriptor = Host.class.getModule().getDescriptor();
    Set<String> required =
        descriptor.requires().stream()
            .map(ModuleDescriptor.Requires::name)
            .collect(Collectors.toSet());
    assertTrue(
        required.stream().noneMatch(name -> name.startsWith("io.kameo")), required.toString());
  }
}
