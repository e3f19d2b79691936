package io.kameo.libp2p.interop;

import static io.kameo.libp2p.interop.DhtInteropTest.multihash;
import static io.kameo.libp2p.interop.DhtInteropTest.sha256;
import static io.kameo.libp2p.interop.DhtInteropTest.utf8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerAddresses;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.interop.GoDhtInteropTest.JavaNode;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java DHT against real rust-libp2p kad nodes ({@link RustPeer}: server mode, no record
 * filtering, its listen address as external address). Both sides speak {@link
 * Dht#IPFS_PROTOCOL_ID}; one test runs both on Kameo's own {@link Dht#KAMEO_PROTOCOL_ID}, which
 * rust's kad serves as its custom protocol name.
 *
 * <p>The network: Rust node {@code r1}; Java node {@code j1} bootstraps from it (Java dials Rust);
 * Rust node {@code r2} connects to {@code j1} (Rust dials Java). Each side stores a value and a
 * provider record the other reads, and a newcomer on each side that knows only one peer of the
 * other side finds the whole network through FIND_NODE answers. Fails (never skips) without cargo.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RustDhtInteropTest {
  static final Duration T = Duration.ofSeconds(30);

  /** Short timeouts and the IPFS protocol id, as against js and Go. */
  static final DhtConfig CONFIG = DhtInteropTest.CONFIG;

  RustPeer r1;
  RustPeer r2;
  JavaNode j1;

  @BeforeAll
  void start() {
    r1 = RustPeer.start(null, Dht.IPFS_PROTOCOL_ID);
    j1 = JavaNode.start(CONFIG);
    assertTrue(j1.dht().bootstrap(List.of(Multiaddr.parse(r1.addr()))) >= 1, "r1 joins j1's table");
    awaitInRoutingTable(r1, j1.peer());
    r2 = RustPeer.start(null, Dht.IPFS_PROTOCOL_ID);
    Map<String, Object> connected =
        r2.commandOk(Map.of("cmd", "connect", "addr", j1.addr(), "waitMs", 10_000));
    assertEquals(Boolean.TRUE, connected.get("inRoutingTable"), connected.toString());
    await().atMost(T).until(() -> j1.dht().routingTable().contains(PeerId.parse(r2.peerId())));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {j1, r1, r2}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** Rust adds a peer to its table once identify has named the kad protocol and the addresses. */
  static void awaitInRoutingTable(RustPeer rust, PeerId peer) {
    await()
        .atMost(T)
        .until(
            () ->
                ((List<?>) rust.commandOk(Map.of("cmd", "routingTable")).get("peers"))
                    .contains(peer.toString()));
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String listenAddr(JavaNode node) {
    return node.host().listenAddresses().get(0).toString();
  }

  static Multiaddr listenAddr(RustPeer rust) {
    return Multiaddr.parse(rust.addr()).decapsulate(Multiaddr.Protocol.P2P);
  }

  /**
   * Whether {@code addrs} hold {@code plain}, bare or with {@code /p2p/<peer>}: rust-libp2p's kad
   * appends the peer id to every address it reads from the wire or is given, and sends them so.
   */
  static boolean hasAddr(List<?> addrs, Object plain, Object peer) {
    String bare = plain.toString();
    String full = bare + "/p2p/" + peer;
    return addrs.stream().map(Object::toString).anyMatch(a -> a.equals(bare) || a.equals(full));
  }

  @Test
  void a_value_put_by_java_is_stored_by_rust_and_a_value_put_by_rust_is_read_by_java() {
    assertTrue(j1.dht().putValue(utf8("/app/from-java"), utf8("from java")) >= 1);
    for (RustPeer rust : List.of(r1, r2)) {
      Map<String, Object> stored =
          rust.commandOk(Map.of("cmd", "getLocal", "key", "/app/from-java"));
      assertEquals(Boolean.TRUE, stored.get("found"), stored.toString());
      assertEquals(hex(utf8("from java")), stored.get("value"));
    }

    // rust's put_record (quorum one) stores it on the closest peers, j1 among them
    r1.commandOk(Map.of("cmd", "put", "key", "/app/from-rust", "value", hex(utf8("from rust"))));
    assertArrayEquals(utf8("from rust"), j1.dht().getValue(utf8("/app/from-rust")).orElseThrow());
    // a Java newcomer reads it over the network, and Rust reads Java's value over the network
    try (JavaNode j3 = JavaNode.start(CONFIG)) {
      j3.dht().bootstrap(List.of(Multiaddr.parse(r1.addr())));
      assertArrayEquals(utf8("from rust"), j3.dht().getValue(utf8("/app/from-rust")).orElseThrow());
    }
    try (RustPeer r3 = RustPeer.start(null, Dht.IPFS_PROTOCOL_ID)) {
      r3.commandOk(Map.of("cmd", "connect", "addr", j1.addr(), "waitMs", 10_000));
      Map<String, Object> got = r3.commandOk(Map.of("cmd", "get", "key", "/app/from-java"));
      assertEquals(hex(utf8("from java")), got.get("value"), got.toString());
    }
  }

  @Test
  void providers_announced_by_one_side_are_found_by_the_other() {
    byte[] javaContent = multihash(sha256("java content for rust"));
    assertTrue(j1.dht().provide(javaContent) >= 1);
    for (RustPeer rust : List.of(r1, r2)) {
      // the record Java's ADD_PROVIDER left, with the addresses it carried; ADD_PROVIDER has no
      // answer, so it may land a moment after provide returned
      Map<String, Object> held =
          await()
              .atMost(T)
              .until(
                  () -> rust.commandOk(Map.of("cmd", "localProviders", "key", hex(javaContent))),
                  answer -> !((List<?>) answer.get("providers")).isEmpty());
      List<?> records = (List<?>) held.get("providers");
      assertEquals(1, records.size(), held.toString());
      Map<?, ?> record = (Map<?, ?>) records.get(0);
      assertEquals(j1.peer().toString(), record.get("peerId"));
      assertTrue(
          hasAddr((List<?>) record.get("addrs"), listenAddr(j1), j1.peer()), held.toString());
      // and kad's own GET_PROVIDERS query finds it
      Map<String, Object> found =
          rust.commandOk(Map.of("cmd", "findProviders", "key", hex(javaContent)));
      assertEquals(List.of(j1.peer().toString()), found.get("providers"), found.toString());
    }

    byte[] rustContent = multihash(sha256("rust content for java"));
    r1.commandOk(Map.of("cmd", "provide", "key", hex(rustContent)));
    List<PeerAddresses> rustProviders = j1.dht().findProviders(rustContent, 5);
    assertEquals(1, rustProviders.size(), rustProviders.toString());
    assertEquals(PeerId.parse(r1.peerId()), rustProviders.get(0).peer());
    // rust sends its confirmed external addresses with ADD_PROVIDER
    assertTrue(
        hasAddr(rustProviders.get(0).addresses(), listenAddr(r1), r1.peerId()),
        rustProviders.toString());
  }

  @Test
  void a_java_newcomer_finds_the_rust_sides_peers_through_find_node() {
    PeerId r2Id = PeerId.parse(r2.peerId());
    try (JavaNode j3 = JavaNode.start(CONFIG)) {
      // j3 knows only r1; r2 is reachable only through r1's (and then j1's) FIND_NODE answers
      j3.dht().bootstrap(List.of(Multiaddr.parse(r1.addr())));
      PeerAddresses found = j3.dht().findPeer(r2Id).orElseThrow();
      assertTrue(hasAddr(found.addresses(), listenAddr(r2), r2Id), found.toString());
      assertTrue(
          j3.dht()
              .closestPeers(utf8("/app/anything"))
              .containsAll(List.of(PeerId.parse(r1.peerId()), r2Id, j1.peer())),
          "j3 sees r1, r2 and j1");
    }
  }

  @Test
  void a_rust_newcomer_finds_the_java_sides_peers_through_find_node() {
    try (JavaNode j2 = JavaNode.start(CONFIG);
        RustPeer r3 = RustPeer.start(null, Dht.IPFS_PROTOCOL_ID)) {
      // j2 knows only j1; r3 knows only j2 (Rust dials Java), so j1 and the rest come from Java
      j2.dht().bootstrap(List.of(Multiaddr.parse(j1.addr())));
      Map<String, Object> connected =
          r3.commandOk(Map.of("cmd", "connect", "addr", j2.addr(), "waitMs", 10_000));
      assertEquals(Boolean.TRUE, connected.get("inRoutingTable"), connected.toString());
      // rust's kad bootstraps by itself soon after its first peer joins the table, so r3 may
      // have dialed j1 already: either way it learned of j1 only from j2's FIND_NODE answers, as
      // it knew no other peer
      Map<String, Object> found =
          r3.commandOk(Map.of("cmd", "findPeer", "peerId", j1.peer().toString()));
      assertEquals(Boolean.TRUE, found.get("found"), found.toString());
      assertTrue(
          hasAddr((List<?>) found.get("addrs"), listenAddr(j1), j1.peer()), found.toString());

      Map<String, Object> closest =
          r3.commandOk(Map.of("cmd", "closestPeers", "key", "/app/anything"));
      assertTrue(
          ((List<?>) closest.get("peers"))
              .containsAll(
                  List.of(j1.peer().toString(), j2.peer().toString(), r1.peerId(), r2.peerId())),
          closest.toString());
    }
  }

  @Test
  void rust_and_java_meet_on_kameos_own_protocol_id() {
    try (RustPeer rust = RustPeer.start(null, Dht.KAMEO_PROTOCOL_ID);
        JavaNode java =
            JavaNode.start(DhtConfig.defaults().withTimeouts(Duration.ofSeconds(5), T))) {
      assertEquals(Dht.KAMEO_PROTOCOL_ID, java.dht().protocolId());
      assertEquals(Dht.KAMEO_PROTOCOL_ID, rust.json().get("kadProtocol"));
      assertEquals(1, java.dht().bootstrap(List.of(Multiaddr.parse(rust.addr()))));
      awaitInRoutingTable(rust, java.peer());
      assertTrue(java.dht().putValue(utf8("/app/on-kameo-id"), utf8("kameo id")) >= 1);
      Map<String, Object> stored =
          rust.commandOk(Map.of("cmd", "getLocal", "key", "/app/on-kameo-id"));
      assertEquals(hex(utf8("kameo id")), stored.get("value"), stored.toString());
      rust.commandOk(
          Map.of("cmd", "put", "key", "/app/from-rust-on-kameo-id", "value", hex(utf8("rust"))));
      assertArrayEquals(
          utf8("rust"), java.dht().getValue(utf8("/app/from-rust-on-kameo-id")).orElseThrow());
      Map<String, Object> found =
          rust.commandOk(Map.of("cmd", "closestPeers", "peerId", java.peer().toString()));
      assertEquals(List.of(java.peer().toString()), found.get("peers"));
    }
  }
}
