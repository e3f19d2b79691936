package io.kameo.remote;

import io.kameo.libp2p.testing.PackageCycles;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageCyclesTest {
  @Test
  void no_two_packages_of_kameo_remote_depend_on_each_other() {
    PackageCycles.assertNone(
        ActorSwarm.class,
        Set.of(
            "io.kameo.remote",
            "io.kameo.remote.error",
            "io.kameo.remote.internal.actor",
            "io.kameo.remote.internal.registry"));
  }
}
