package io.kameo.libp2p.interop;

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
import io.kameo.libp2p.internal.wire.Base32;
import io.kameo.libp2p.runtime.Libp2p;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java DHT against a real js-libp2p kad-dht node (server mode, loopback addresses allowed, a
 * validator for the {@code app} namespace): each side stores, finds and provides for the other. The
 * Java side is configured with the IPFS protocol id js-libp2p speaks ({@link
 * Dht#IPFS_PROTOCOL_ID}), since a Kameo DHT speaks its own by default. Fails (never skips) without
 * Node.js.
 */
class DhtInteropTest {
  static final Duration T = Duration.ofSeconds(30);
  static final DhtConfig CONFIG =
      DhtConfig.defaults()
          .withTimeouts(Duration.ofSeconds(5), T)
          .withProtocolId(Dht.IPFS_PROTOCOL_ID);

  JsDhtPeer js;
  Host host;
  Dht dht;
  Multiaddr javaAddr;

  @BeforeEach
  void start() {
    js = JsDhtPeer.start(null);
    host = Libp2p.newHost(Keypair.generate());
    javaAddr = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(host.peerId());
    dht = Libp2p.startDht(host, CONFIG);
    assertEquals(1, dht.bootstrap(List.of(Multiaddr.parse(js.addr()))), "js joins the table");
    // js admits the Java peer once identify lists /ipfs/kad/1.0.0 and it answers ping
    await()
        .atMost(T)
        .until(
            () ->
                ((List<?>) js.commandOk(Map.of("cmd", "routingTable")).get("peers"))
                    .contains(host.peerId().toString()));
  }

  @AfterEach
  void stop() {
    if (dht != null) {
      dht.close();
    }
    if (host != null) {
      host.close();
    }
    if (js != null) {
      js.close();
    }
  }

  @Test
  void a_value_put_by_java_is_stored_by_js_and_a_value_put_by_js_is_found_by_java() {
    byte[] value = "from java".getBytes(StandardCharsets.UTF_8);
    assertEquals(1, dht.putValue(utf8("/app/from-java"), value));
    Map<String, Object> stored = js.commandOk(Map.of("cmd", "getLocal", "key", "/app/from-java"));
    assertEquals(Boolean.TRUE, stored.get("found"), stored.toString());
    assertEquals(HexFormat.of().formatHex(value), stored.get("value"));

    String jsValue = HexFormat.of().formatHex("from js".getBytes(StandardCharsets.UTF_8));
    Map<String, Object> put =
        js.commandOk(Map.of("cmd", "put", "key", "/app/from-js", "value", jsValue));
    assertEquals(List.of(host.peerId().toString()), put.get("acks"), put.toString());
    assertArrayEquals(
        "from js".getBytes(StandardCharsets.UTF_8),
        dht.getValue(utf8("/app/from-js")).orElseThrow());
  }

  @Test
  void java_gets_a_value_that_only_js_holds() {
    String hex = HexFormat.of().formatHex(new byte[] {7, 7, 7});
    // stored on the js node only: a put from js with java not answering would time out, so put
    // from java's point of view through the network is checked elsewhere; here js's own store
    js.commandOk(Map.of("cmd", "put", "key", "/app/only-js", "value", hex));
    dht.close();
    host.close();
    Host other = Libp2p.newHost(Keypair.generate());
    Dht otherDht = Libp2p.startDht(other, CONFIG);
    try {
      otherDht.bootstrap(List.of(Multiaddr.parse(js.addr())));
      assertArrayEquals(
          new byte[] {7, 7, 7}, otherDht.getValue(utf8("/app/only-js")).orElseThrow());
    } finally {
      otherDht.close();
      other.close();
    }
  }

  @Test
  void providers_announced_by_one_side_are_found_by_the_other() {
    byte[] javaContent = sha256("java content");
    assertEquals(1, dht.provide(multihash(javaContent)));
    Map<String, Object> found =
        js.commandOk(Map.of("cmd", "findProviders", "cid", cid(javaContent)));
    List<?> providers = (List<?>) found.get("providers");
    assertEquals(1, providers.size(), found.toString());
    Map<?, ?> provider = (Map<?, ?>) providers.get(0);
    assertEquals(host.peerId().toString(), provider.get("peerId"));
    assertTrue(
        ((List<?>) provider.get("addrs"))
            .contains(javaAddr.decapsulate(Multiaddr.Protocol.P2P).toString()),
        found.toString());

    byte[] jsContent = sha256("js content");
    js.commandOk(Map.of("cmd", "provide", "cid", cid(jsContent)));
    List<PeerAddresses> jsProviders = dht.findProviders(multihash(jsContent), 5);
    assertEquals(1, jsProviders.size(), jsProviders.toString());
    assertEquals(PeerId.parse(js.peerId()), jsProviders.get(0).peer());
    assertTrue(!jsProviders.get(0).addresses().isEmpty());
  }

  @Test
  void each_side_finds_the_other_and_lookups_agree() {
    Optional<PeerAddresses> jsPeer = dht.findPeer(PeerId.parse(js.peerId()));
    assertTrue(jsPeer.isPresent());
    Map<String, Object> javaPeer =
        js.commandOk(Map.of("cmd", "findPeer", "peerId", host.peerId().toString()));
    assertEquals(Boolean.TRUE, javaPeer.get("found"), javaPeer.toString());
    assertEquals(List.of(PeerId.parse(js.peerId())), dht.closestPeers(utf8("/app/anything")));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(utf8(s));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The sha2-256 multihash: 0x12, 32, digest. */
  static byte[] multihash(byte[] digest) {
    byte[] out = new byte[34];
    out[0] = 0x12;
    out[1] = 0x20;
    System.arraycopy(digest, 0, out, 2, 32);
    return out;
  }

  /** CIDv1, raw codec, base32 multibase: "b" + base32(0x01 0x55 multihash). */
  static String cid(byte[] digest) {
    byte[] mh = multihash(digest);
    byte[] cid = new byte[2 + mh.length];
    cid[0] = 0x01;
    cid[1] = 0x55;
    System.arraycopy(mh, 0, cid, 2, mh.length);
    return "b" + Base32.encode(cid);
  }
}
