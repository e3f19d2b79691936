package io.kameo.libp2p;

import io.kameo.libp2p.testing.PackageCycles;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void no_two_packages_of_kameo_libp2p_depend_on_each_other() {
    PackageCycles.assertNone(
        Host.class,
        Set.of(
            "io.kameo.libp2p",
            "io.kameo.libp2p.runtime",
            "io.kameo.libp2p.internal.host",
            "io.kameo.libp2p.internal.kad",
            "io.kameo.libp2p.internal.wire"));
  }
}
