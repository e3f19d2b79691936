package io.kameo.libp2p.dht;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerAddresses;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RecordValidator;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.runtime.Libp2p;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several Java DHT nodes on 127.0.0.1: routing, values, providers, peers, failures. */
class DhtTest {
  static final Duration T = Duration.ofSeconds(30);
  static final DhtConfig CONFIG = DhtConfig.defaults().withTimeouts(Duration.ofSeconds(3), T);

  final List<Host> hosts = new ArrayList<>();
  final List<Dht> dhts = new ArrayList<>();
  final List<Multiaddr> addrs = new ArrayList<>();

  /** Starts {@code n} nodes; every node bootstraps from node 0. */
  void network(int n) {
    for (int i = 0; i < n; i++) {
      Host h = Libp2p.newHost(Keypair.generate());
      hosts.add(h);
      addrs.add(h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(h.peerId()));
      dhts.add(Libp2p.startDht(h, CONFIG));
    }
    for (int i = 1; i < n; i++) {
      assertTrue(dhts.get(i).bootstrap(List.of(addrs.get(0))) >= 1, "node " + i + " bootstrapped");
    }
  }

  @AfterEach
  void closeAll() {
    dhts.forEach(Dht::close);
    hosts.forEach(Host::close);
  }

  static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void a_value_put_on_one_node_is_found_from_every_other() {
    network(8);
    byte[] k = key("/app/counter");
    byte[] v = {1, 2, 3, 42};
    assertTrue(dhts.get(3).putValue(k, v) >= 1, "stored on at least one remote peer");
    for (int i = 0; i < 8; i++) {
      Optional<byte[]> got = dhts.get(i).getValue(k);
      assertTrue(got.isPresent(), "node " + i + " finds the value");
      assertArrayEquals(v, got.get());
    }
  }

  @Test
  void a_missing_value_is_reported_missing_after_asking_the_closest_peers() {
    network(5);
    assertEquals(Optional.empty(), dhts.get(2).getValue(key("/app/nobody-put-this")));
  }

  @Test
  void a_lookup_finds_the_closest_peers_by_xor_distance_over_sha256() {
    network(10);
    byte[] k = key("/app/some-name");
    List<PeerId> expected = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      if (i != 7) {
        expected.add(hosts.get(i).peerId());
      }
    }
    byte[] target = sha256(k);
    expected.sort(
        Comparator.comparing(p -> xor(target, sha256(p.toBytes())), Arrays::compareUnsigned));
    assertEquals(expected, dhts.get(7).closestPeers(k));
  }

  @Test
  void providers_are_found_with_their_addresses() {
    network(6);
    byte[] cid = multihash(sha256(key("some content")));
    assertTrue(dhts.get(4).provide(cid) >= 1);
    List<PeerAddresses> found = dhts.get(1).findProviders(cid, 5);
    assertEquals(1, found.size());
    assertEquals(hosts.get(4).peerId(), found.get(0).peer());
    assertTrue(found.get(0).addresses().contains(addrs.get(4).decapsulate(Multiaddr.Protocol.P2P)));
  }

  @Test
  void a_peer_is_found_by_its_id_through_the_network() {
    network(6);
    PeerId target = hosts.get(5).peerId();
    Optional<PeerAddresses> found = dhts.get(2).findPeer(target);
    assertTrue(found.isPresent());
    assertEquals(target, found.get().peer());
    assertFalse(found.get().addresses().isEmpty());
  }

  @Test
  void a_dead_peer_does_not_stall_queries_and_leaves_the_routing_tables_on_its_second_failure() {
    network(5);
    PeerId dead = hosts.get(3).peerId();
    await().atMost(T).until(() -> dhts.get(1).routingTable().contains(dead));
    dhts.get(3).close();
    hosts.get(3).close();
    assertEquals(Optional.empty(), dhts.get(1).getValue(key("/app/missing")));
    assertTrue(dhts.get(1).routingTable().contains(dead), "one failure: a second chance");
    assertEquals(Optional.empty(), dhts.get(1).getValue(key("/app/missing-too")));
    assertFalse(dhts.get(1).routingTable().contains(dead), "two failures in a row: it leaves");
  }

  @Test
  void garbage_on_a_kad_stream_resets_that_stream_and_the_node_keeps_serving() {
    network(3);
    try (Stream s = hosts.get(1).newStream(hosts.get(0).peerId(), Dht.KAMEO_PROTOCOL_ID)) {
      s.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1});
      assertThrows(StreamResetException.class, () -> s.readAll(1024, T));
    }
    assertTrue(dhts.get(2).putValue(key("/app/after-garbage"), new byte[] {9}) >= 1);
    assertArrayEquals(new byte[] {9}, dhts.get(1).getValue(key("/app/after-garbage")).get());
  }

  @Test
  void a_node_with_a_full_record_store_refuses_further_values() {
    Host full = Libp2p.newHost(Keypair.generate());
    hosts.add(full);
    Multiaddr fullAddr =
        full.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(full.peerId());
    dhts.add(Libp2p.startDht(full, new DhtConfig(20, 3, Duration.ofSeconds(3), T, 1)));
    Host writer = Libp2p.newHost(Keypair.generate());
    hosts.add(writer);
    Dht writerDht = Libp2p.startDht(writer, CONFIG);
    dhts.add(writerDht);
    assertEquals(1, writerDht.bootstrap(List.of(fullAddr)));
    assertEquals(1, writerDht.putValue(key("/app/first"), new byte[] {1}));
    assertEquals(0, writerDht.putValue(key("/app/second"), new byte[] {2}), "refused, not acked");
    assertEquals(1, writerDht.putValue(key("/app/first"), new byte[] {3}), "replacing fits");
  }

  @Test
  void a_kameo_dht_speaks_its_own_protocol_id_and_does_not_join_an_ipfs_dht() {
    network(1);
    assertEquals(Dht.KAMEO_PROTOCOL_ID, dhts.get(0).protocolId());
    Host ipfs = Libp2p.newHost(Keypair.generate());
    hosts.add(ipfs);
    Multiaddr ipfsAddr =
        ipfs.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(ipfs.peerId());
    Dht ipfsDht = Libp2p.startDht(ipfs, CONFIG.withProtocolId(Dht.IPFS_PROTOCOL_ID));
    dhts.add(ipfsDht);
    assertEquals(Dht.IPFS_PROTOCOL_ID, ipfsDht.protocolId());
    assertEquals(0, dhts.get(0).bootstrap(List.of(ipfsAddr)), "an IPFS peer is not a Kameo peer");
    assertFalse(ipfsDht.routingTable().contains(hosts.get(0).peerId()));
    List<String> served = ipfs.identify(hosts.get(0).peerId()).protocols();
    assertTrue(served.contains(Dht.KAMEO_PROTOCOL_ID), served.toString());
    assertFalse(served.contains(Dht.IPFS_PROTOCOL_ID), served.toString());
  }

  /** Stores under {@code /even/} only values of an even length; serves them unchanged. */
  static final RecordValidator EVEN_LENGTHS =
      new RecordValidator() {
        @Override
        public byte[] accept(byte[] key, byte[] stored, byte[] incoming) {
          if (incoming.length % 2 != 0) {
            throw new IllegalArgumentException("odd length " + incoming.length);
          }
          return incoming;
        }

        @Override
        public byte[] serve(byte[] key, byte[] value) {
          return value;
        }
      };

  @Test
  void a_namespace_validator_decides_what_is_stored_here_and_on_other_nodes() {
    for (int i = 0; i < 2; i++) {
      Host h = Libp2p.newHost(Keypair.generate());
      hosts.add(h);
      addrs.add(h.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(h.peerId()));
      dhts.add(Libp2p.startDht(h, CONFIG, Map.of("even", EVEN_LENGTHS)));
    }
    assertTrue(dhts.get(1).bootstrap(List.of(addrs.get(0))) >= 1);
    assertEquals(Set.of("even"), dhts.get(0).validatedNamespaces());
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> dhts.get(1).putValue(key("/even/a"), new byte[] {1, 2, 3}));
    assertTrue(refused.getMessage().contains("odd length"), refused.getMessage());
    assertEquals(Optional.empty(), dhts.get(0).getValue(key("/even/a")));
    assertEquals(1, dhts.get(1).putValue(key("/even/a"), new byte[] {1, 2}));
    assertArrayEquals(new byte[] {1, 2}, dhts.get(0).getValue(key("/even/a")).orElseThrow());
    assertEquals(1, dhts.get(1).putValue(key("/app/a"), new byte[] {1}), "other namespaces");
  }

  @Test
  void bootstrap_needs_peer_ids_and_a_closed_dht_refuses_queries() {
    network(1);
    assertThrows(
        IllegalArgumentException.class,
        () -> dhts.get(0).bootstrap(List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/1"))));
    dhts.get(0).close();
    assertThrows(IllegalStateException.class, () -> dhts.get(0).getValue(key("/app/x")));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }

  static byte[] multihash(byte[] sha256) {
    byte[] out = new byte[34];
    out[0] = 0x12;
    out[1] = 0x20;
    System.arraycopy(sha256, 0, out, 2, 32);
    return out;
  }
}
