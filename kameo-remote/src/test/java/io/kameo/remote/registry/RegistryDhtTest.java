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

  /** A host listening on loopback, closed after the test. */
  private Host host(Keypair keypair) {
    Host h = Libp2p.newHost(keypair);
    open.add(h);
    h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    return h;
  }

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  @Test
  void the_kameo_namespace_takes_only_signed_registrations_here_and_on_other_nodes() {
    Host first = host(Keypair.generate());
    Dht server = ActorSwarm.startDht(first, CONFIG);
    Dht client = ActorSwarm.startDht(host(Keypair.generate()), CONFIG);
    open.addAll(List.of(server, client));
    assertTrue(
        client.bootstrap(List.of(first.listenAddresses().get(0).withPeerId(first.peerId()))) >= 1);
    byte[] bank = "/kameo/actor/bank".getBytes(StandardCharsets.UTF_8);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class, () -> client.putValue(bank, new byte[] {1, 2, 3}));
    assertTrue(refused.getMessage().contains("malformed"), refused.getMessage());
    byte[] other = "/kameo/other".getBytes(StandardCharsets.UTF_8);
    assertThrows(IllegalArgumentException.class, () -> client.putValue(other, new byte[] {1}));
    assertEquals(Optional.empty(), server.getValue(bank));
    byte[] app = "/app/bank".getBytes(StandardCharsets.UTF_8);
    assertEquals(1, client.putValue(app, new byte[] {1}), "other namespaces");
  }

  @Test
  void a_swarm_refuses_a_dht_that_does_not_validate_registrations() {
    Keypair keypair = Keypair.generate();
    Host host = host(keypair);
    Dht plain = Libp2p.startDht(host, CONFIG);
    open.add(plain);
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> ActorSwarm.start(keypair, host, plain));
    assertTrue(refused.getMessage().contains("ActorSwarm.startDht"), refused.getMessage());
  }
}
