package io.kameo.remote.registry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.remote.ActorSwarm;
import io.kameo.remote.ActorSwarmConfig;
import io.kameo.remote.RemoteActorRef;
import io.kameo.remote.registry.RegistryProcessTest.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in separate JVM processes that know no address of each other find each other by mDNS
 * discovery, and a name one registers is looked up and asked from the other.
 */
class MdnsRegistryTest {
  static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void a_name_registered_in_another_process_is_found_by_mdns_with_no_bootstrap_address() {
    Node child = Node.start("mdns-registry", "-", "-", "mdns");
    try {
      // this side bootstraps with the swarm's switch; the child builds its host with mDNS on
      try (ActorSwarm swarm =
          ActorSwarm.bootstrap(
              Keypair.generate(),
              Multiaddr.parse("/ip4/127.0.0.1/tcp/0"),
              List.of(),
              ActorSwarmConfig.defaults().withMdns(true))) {
        assertTrue(child.call("register lamp").startsWith("ok "));
        AtomicReference<RemoteActorRef<RegistryNode.Counter>> found = new AtomicReference<>();
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  Optional<RemoteActorRef<RegistryNode.Counter>> ref =
                      swarm.lookup("lamp", RegistryNode.Counter.class);
                  ref.ifPresent(found::set);
                  return ref.isPresent();
                });
        String where = found.get().ask(new RegistryNode.Who(), Duration.ofSeconds(10));
        assertTrue(where.startsWith(child.peer() + "/"), where);
      }
    } finally {
      child.jvm().close();
    }
  }
}
