package io.kameo.libp2p.interop;

import static io.kameo.libp2p.interop.DhtInteropTest.cid;
import static io.kameo.libp2p.interop.DhtInteropTest.multihash;
import static io.kameo.libp2p.interop.DhtInteropTest.sha256;
import static io.kameo.libp2p.interop.DhtInteropTest.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerAddresses;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java DHT against real go-libp2p-kad-dht nodes (server mode, an accept-all validator for the
 * {@code app} namespace). Both sides speak {@link Dht#IPFS_PROTOCOL_ID}: the Java side is
 * configured with it, the Go side serves it as its protocol id ({@code --dht}); one test runs both
 * on Kameo's own {@link Dht#KAMEO_PROTOCOL_ID} instead.
 *
 * <p>The network: Go node {@code g1}; Java node {@code j1} bootstraps from it (Java dials Go); Go
 * node {@code g2} connects to {@code j1} (Go dials Java). Each side stores a value and a provider
 * record the other reads, and a newcomer on each side that knows only one peer of the other side
 * finds the whole network through that peer's FIND_NODE answers. Fails (never skips) without Go.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoDhtInteropTest {
  static final Duration T = Duration.ofSeconds(30);

  /** Short timeouts and the IPFS protocol id, as against js. */
  static final DhtConfig CONFIG = DhtInteropTest.CONFIG;

  GoPeer g1;
  GoPeer g2;
  JavaNode j1;

  /** A Java host with a DHT, listening on 127.0.0.1. */
  record JavaNode(Host host, Dht dht) implements AutoCloseable {
    static JavaNode start(DhtConfig config) {
      Host host = Libp2p.newHost(Keypair.generate());
      host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
      return new JavaNode(host, Libp2p.startDht(host, config));
    }

    PeerId peer() {
      return host.peerId();
    }

    String addr() {
      return host.listenAddresses().get(0).withPeerId(host.peerId()).toString();
    }

    @Override
    public void close() {
      dht.close();
      host.close();
    }
  }

  @BeforeAll
  void start() {
    g1 = GoPeer.start(null, Dht.IPFS_PROTOCOL_ID);
    j1 = JavaNode.start(CONFIG);
    assertTrue(j1.dht().bootstrap(List.of(Multiaddr.parse(g1.addr()))) >= 1, "g1 joins j1's table");
    awaitInRoutingTable(g1, j1.peer());
    g2 = GoPeer.start(null, Dht.IPFS_PROTOCOL_ID);
    Map<String, Object> connected =
        g2.commandOk(Map.of("cmd", "connect", "addr", j1.addr(), "waitMs", 10_000));
    assertEquals(Boolean.TRUE, connected.get("inRoutingTable"), connected.toString());
    await().atMost(T).until(() -> j1.dht().routingTable().contains(PeerId.parse(g2.peerId())));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {j1, g1, g2}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  static void awaitInRoutingTable(GoPeer go, PeerId peer) {
    // go admits a peer once identify lists the protocol and a FIND_NODE check answered
    await()
        .atMost(T)
        .until(
            () ->
                ((List<?>) go.commandOk(Map.of("cmd", "routingTable")).get("peers"))
                    .contains(peer.toString()));
  }

  static String hex(String text) {
    return HexFormat.of().formatHex(utf8(text));
  }

  @Test
  void a_value_put_by_java_is_stored_by_go_and_a_value_put_by_go_is_read_by_java() {
    assertTrue(j1.dht().putValue(utf8("/app/from-java"), utf8("from java")) >= 1);
    for (GoPeer go : List.of(g1, g2)) {
      Map<String, Object> stored = go.commandOk(Map.of("cmd", "getLocal", "key", "/app/from-java"));
      assertEquals(Boolean.TRUE, stored.get("found"), stored.toString());
      assertEquals(hex("from java"), stored.get("value"));
    }

    // go's put: kad-dht's PutValue, then a GET_VALUE to each peer of its table
    Map<String, Object> put =
        g1.commandOk(Map.of("cmd", "put", "key", "/app/from-go", "value", hex("from go")));
    assertTrue(((List<?>) put.get("storedOn")).contains(j1.peer().toString()), put.toString());
    assertArrayEquals(utf8("from go"), j1.dht().getValue(utf8("/app/from-go")).orElseThrow());
    // a Java newcomer reads it over the network
    try (JavaNode j3 = JavaNode.start(CONFIG)) {
      j3.dht().bootstrap(List.of(Multiaddr.parse(g1.addr())));
      assertArrayEquals(utf8("from go"), j3.dht().getValue(utf8("/app/from-go")).orElseThrow());
    }
  }

  @Test
  void providers_announced_by_one_side_are_found_by_the_other() {
    byte[] javaContent = sha256("java content for go");
    assertTrue(j1.dht().provide(multihash(javaContent)) >= 1);
    for (GoPeer go : List.of(g1, g2)) {
      Map<String, Object> found =
          go.commandOk(Map.of("cmd", "findProviders", "cid", cid(javaContent)));
      List<?> providers = (List<?>) found.get("providers");
      assertEquals(1, providers.size(), found.toString());
      Map<?, ?> provider = (Map<?, ?>) providers.get(0);
      assertEquals(j1.peer().toString(), provider.get("peerId"));
      assertTrue(
          ((List<?>) provider.get("addrs")).contains(j1.host().listenAddresses().get(0).toString()),
          found.toString());
    }

    byte[] goContent = sha256("go content for java");
    Map<String, Object> provided = g1.commandOk(Map.of("cmd", "provide", "cid", cid(goContent)));
    assertTrue(
        ((List<?>) provided.get("heldBy")).contains(j1.peer().toString()), provided.toString());
    List<PeerAddresses> goProviders = j1.dht().findProviders(multihash(goContent), 5);
    assertEquals(1, goProviders.size(), goProviders.toString());
    assertEquals(PeerId.parse(g1.peerId()), goProviders.get(0).peer());
    assertTrue(
        goProviders
            .get(0)
            .addresses()
            .contains(Multiaddr.parse(g1.addr()).decapsulate(Multiaddr.Protocol.P2P)),
        goProviders.toString());
  }

  @Test
  void a_java_newcomer_finds_the_go_sides_peers_through_find_node() {
    PeerId g2Id = PeerId.parse(g2.peerId());
    try (JavaNode j3 = JavaNode.start(CONFIG)) {
      // j3 knows only g1; g2 is reachable only through g1's (and then j1's) FIND_NODE answers
      j3.dht().bootstrap(List.of(Multiaddr.parse(g1.addr())));
      PeerAddresses found = j3.dht().findPeer(g2Id).orElseThrow();
      assertTrue(
          found
              .addresses()
              .contains(Multiaddr.parse(g2.addr()).decapsulate(Multiaddr.Protocol.P2P)),
          found.toString());
      assertTrue(
          j3.dht()
              .closestPeers(utf8("/app/anything"))
              .containsAll(List.of(PeerId.parse(g1.peerId()), g2Id, j1.peer())),
          "j3 sees g1, g2 and j1");
    }
  }

  @Test
  void a_go_newcomer_finds_the_java_sides_peers_through_find_node() {
    try (JavaNode j2 = JavaNode.start(CONFIG);
        GoPeer g3 = GoPeer.start(null, Dht.IPFS_PROTOCOL_ID)) {
      // j2 knows only j1; g3 knows only j2 (Go dials Java), so j1 and the rest come from Java
      j2.dht().bootstrap(List.of(Multiaddr.parse(j1.addr())));
      Map<String, Object> connected =
          g3.commandOk(Map.of("cmd", "connect", "addr", j2.addr(), "waitMs", 10_000));
      assertEquals(Boolean.TRUE, connected.get("inRoutingTable"), connected.toString());

      // g3's routing-table refresh may already have dialed j1: either way it learned of j1 only
      // from j2's FIND_NODE answers, as it knew no other peer
      Map<String, Object> found =
          g3.commandOk(Map.of("cmd", "findPeer", "peerId", j1.peer().toString()));
      assertEquals(Boolean.TRUE, found.get("found"), found.toString());
      assertTrue(
          ((List<?>) found.get("addrs")).contains(j1.host().listenAddresses().get(0).toString()),
          found.toString());

      Map<String, Object> closest =
          g3.commandOk(Map.of("cmd", "closestPeers", "key", "/app/anything"));
      assertTrue(
          ((List<?>) closest.get("peers"))
              .containsAll(
                  List.of(j1.peer().toString(), j2.peer().toString(), g1.peerId(), g2.peerId())),
          closest.toString());
    }
  }

  @Test
  void go_and_java_meet_on_kameos_own_protocol_id() {
    try (GoPeer go = GoPeer.start(null, Dht.KAMEO_PROTOCOL_ID);
        JavaNode java =
            JavaNode.start(DhtConfig.defaults().withTimeouts(Duration.ofSeconds(5), T))) {
      assertEquals(Dht.KAMEO_PROTOCOL_ID, java.dht().protocolId());
      assertEquals(1, java.dht().bootstrap(List.of(Multiaddr.parse(go.addr()))));
      awaitInRoutingTable(go, java.peer());
      assertTrue(java.dht().putValue(utf8("/app/on-kameo-id"), utf8("kameo id")) >= 1);
      Map<String, Object> stored =
          go.commandOk(Map.of("cmd", "getLocal", "key", "/app/on-kameo-id"));
      assertEquals(hex("kameo id"), stored.get("value"), stored.toString());
      Map<String, Object> found =
          go.commandOk(Map.of("cmd", "closestPeers", "peerId", java.peer().toString()));
      assertEquals(List.of(java.peer().toString()), found.get("peers"));
    }
  }
}
