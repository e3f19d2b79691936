package io.kameo.remote.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.remote.ActorSwarm;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The DHT a swarm needs: {@link ActorSwarm#startDht} validates the {@code /kameo/} namespace. */
class RegistryDhtTest {
  static final DhtConfig CONFIG =
      DhtConfig.defaults().withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(30));

  final List<Host> hosts = new ArrayList<>();
  final List<Dht> dhts = new ArrayList<>();

  @AfterEach
  void closeAll() {
    dhts.forEach(Dht::close);
    hosts.forEach(Host::close);
  }

  static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void the_kameo_namespace_takes_only_signed_registrations_here_and_on_other_nodes() {
    List<Multiaddr> addrs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Host h = Libp2p.newHost(Keypair.generate());
      hosts.add(h);
      addrs.add(h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(h.peerId()));
      dhts.add(ActorSwarm.startDht(h, CONFIG));
    }
    assertTrue(dhts.get(1).bootstrap(List.of(addrs.get(0))) >= 1);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> dhts.get(1).putValue(key("/kameo/actor/bank"), new byte[] {1, 2, 3}));
    assertTrue(refused.getMessage().contains("malformed"), refused.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> dhts.get(1).putValue(key("/kameo/other"), new byte[] {1}));
    assertEquals(Optional.empty(), dhts.get(0).getValue(key("/kameo/actor/bank")));
    assertEquals(1, dhts.get(1).putValue(key("/app/bank"), new byte[] {1}), "other namespaces");
  }

  @Test
  void a_swarm_refuses_a_dht_that_does_not_validate_registrations() {
    Keypair keypair = Keypair.generate();
    Host host = Libp2p.newHost(keypair);
    hosts.add(host);
    Dht plain = Libp2p.startDht(host, CONFIG);
    dhts.add(plain);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> ActorSwarm.start(keypair, host, plain));
    assertTrue(refused.getMessage().contains("ActorSwarm.startDht"), refused.getMessage());
  }
}
