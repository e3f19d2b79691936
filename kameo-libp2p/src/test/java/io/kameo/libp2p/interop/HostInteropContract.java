package io.kameo.libp2p.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.IdentifyInfo;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.runtime.Libp2p;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java {@link Host} against a real libp2p peer of another implementation (TCP, Noise, Yamux; an
 * {@link InteropPeer}): Java dials the peer and the peer dials Java, with ping, identify (fields
 * checked) and an {@code /echo/1.0.0} stream of several MiB checked by SHA-256 on both ends. Each
 * implementation's test extends it and says where that implementation differs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostInteropContract {
  static final Duration T = Duration.ofSeconds(20);
  static final String SEED = "4b616d656f2d666f722d4a6176612d676f2d696e7465726f702d736565643031";
  static final int LARGE = 4 * 1024 * 1024 + 17;

  InteropPeer peer;

  /** SHA-256 (hex) of each stream the Java echo handler served, by the remote peer. */
  final Map<PeerId, List<String>> echoedByJava = new ConcurrentHashMap<>();

  @BeforeAll
  void start() {
    peer = startPeer(SEED);
  }

  @AfterAll
  void stop() {
    if (peer != null) {
      peer.close();
    }
  }

  /**
   * Returns a new Java host serving the hashing echo, listening on 127.0.0.1: a fresh host per test
   * so that each connection is really dialed by the side the test names, never reused.
   */
  Host javaHost(HostConfig config) {
    Host host = Libp2p.newHost(Keypair.generate(), config);
    host.setStreamHandler(Host.ECHO_PROTOCOL, this::hashingEcho);
    host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"));
    return host;
  }

  Host javaHost() {
    return javaHost(HostConfig.defaults());
  }

  static String addr(Host host) {
    return host.listenAddresses().get(0).withPeerId(host.peerId()).toString();
  }

  /** Echoes every byte back, records the hash, then closes its write side after the remote's. */
  void hashingEcho(Stream s) {
    MessageDigest digest = sha256();
    byte[] buf = new byte[64 * 1024];
    for (int n = s.read(buf, 0, buf.length, T); n >= 0; n = s.read(buf, 0, buf.length, T)) {
      digest.update(buf, 0, n);
      s.write(Arrays.copyOf(buf, n), T);
    }
    // recorded before the half-close: the peer reports its echo once it sees that end, and the
    // test reads this record right after the report
    echoedByJava
        .computeIfAbsent(s.peer(), p -> new CopyOnWriteArrayList<>())
        .add(HexFormat.of().formatHex(digest.digest()));
    s.closeWrite();
  }

  /** Starts the other implementation's peer with the given Ed25519 seed (hex). */
  abstract InteropPeer startPeer(String seed);

  /** How the peer's identify agent version begins. */
  abstract String agentPrefix();

  /** The protocol version the peer's identify sends. */
  abstract String protocolVersion();

  /** Checks the address Java reported as observed in the peer's identify answer {@code r}. */
  abstract void checkObservedByJava(Map<String, Object> r);

  PeerId remotePeer() {
    return PeerId.parse(peer.peerId());
  }

  Multiaddr remoteListenAddr() {
    return Multiaddr.parse(peer.addr()).decapsulate(Multiaddr.Protocol.P2P);
  }

  // ---------------------------------------------------------------- Java dials the peer

  @Test
  void java_dials_and_pings_the_peer() {
    try (Host java = javaHost()) {
      assertEquals(remotePeer(), java.dial(Multiaddr.parse(peer.addr())));
      for (int i = 0; i < 3; i++) {
        assertTrue(java.ping(remotePeer()).toNanos() > 0);
      }
    }
  }

  @Test
  void java_identifies_the_peer_with_every_field_checked() {
    try (Host java = javaHost()) {
      java.dial(Multiaddr.parse(peer.addr()));
      IdentifyInfo info = java.identify(remotePeer());
      assertEquals(peer.agentVersion(), info.agentVersion());
      assertTrue(info.agentVersion().startsWith(agentPrefix()), info.agentVersion());
      assertEquals(remotePeer(), info.publicKey().peerId());
      assertEquals(protocolVersion(), info.protocolVersion());
      assertTrue(
          info.protocols()
              .containsAll(
                  List.of(
                      "/echo/1.0.0", "/ipfs/id/1.0.0", "/ipfs/id/push/1.0.0", "/ipfs/ping/1.0.0")),
          info.protocols().toString());
      assertEquals(List.of(remoteListenAddr()), info.listenAddrs());
      // the peer reports where it sees this connection come from: our end, an ephemeral port
      Multiaddr observed = info.observedAddr().orElseThrow();
      assertTrue(observed.toString().matches("/ip4/127\\.0\\.0\\.1/tcp/\\d+"), observed.toString());
      assertTrue(!java.listenAddresses().contains(observed), observed + " is a listen address");
    }
  }

  @Test
  void java_echoes_several_mib_through_the_peer_checked_by_hash() throws InterruptedException {
    byte[] data = new byte[LARGE];
    new Random(LARGE).nextBytes(data);
    try (Host java = javaHost()) {
      java.dial(Multiaddr.parse(peer.addr()));
      try (Stream s = java.newStream(remotePeer(), Host.ECHO_PROTOCOL)) {
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int off = 0; off < data.length; off += 65536) {
                        s.write(
                            Arrays.copyOfRange(data, off, Math.min(data.length, off + 65536)), T);
                      }
                      s.closeWrite();
                    });
        byte[] echoed = s.readAll(data.length + 1, T);
        writer.join(T.toMillis());
        assertEquals(data.length, echoed.length);
        assertArrayEquals(sha256().digest(data), sha256().digest(echoed));
      }
      // and the peer saw exactly these bytes
      String hash = HexFormat.of().formatHex(sha256().digest(data));
      String from = java.peerId().toString();
      List<?> echoes = (List<?>) peer.commandOk(Map.of("cmd", "echoLog")).get("echoes");
      assertTrue(
          echoes.stream()
              .map(e -> (Map<?, ?>) e)
              .anyMatch(
                  e ->
                      hash.equals(e.get("sha256"))
                          && from.equals(e.get("peerId"))
                          && e.get("bytes").equals(LARGE)),
          echoes.toString());
    }
  }

  @Test
  void java_dials_the_peer_with_the_muxer_chosen_by_multistream_select() {
    try (Host plain = javaHost(HostConfig.defaults().withEarlyMuxerNegotiation(false))) {
      plain.dial(Multiaddr.parse(peer.addr()));
      assertTrue(plain.ping(remotePeer()).toNanos() > 0);
      assertEquals(peer.agentVersion(), plain.identify(remotePeer()).agentVersion());
    }
  }

  @Test
  void java_refuses_a_peer_that_is_not_the_dialed_id() {
    try (Host java = javaHost()) {
      Multiaddr wrong = remoteListenAddr().withPeerId(Keypair.generate().peerId());
      DialException e = assertThrows(DialException.class, () -> java.dial(wrong));
      assertTrue(e.getMessage().contains("unexpected peer"), e.getMessage());
    }
  }

  @Test
  void the_same_seed_gives_the_same_peer_id_as_the_peer() {
    assertEquals(
        peer.peerId(), Keypair.fromSeed(HexFormat.of().parseHex(SEED)).peerId().toString());
  }

  // ---------------------------------------------------------------- the peer dials Java

  @Test
  void the_peer_dials_and_pings_java() {
    try (Host java = javaHost()) {
      Map<String, Object> r = peer.commandOk(Map.of("cmd", "ping", "addr", addr(java), "count", 3));
      assertEquals(java.peerId().toString(), r.get("peerId"));
      assertEquals(3, ((List<?>) r.get("rttMs")).size(), r.toString());
    }
  }

  @Test
  void the_peer_identifies_java_with_every_field_checked() {
    try (Host java = javaHost()) {
      Map<String, Object> r = peer.commandOk(Map.of("cmd", "identify", "addr", addr(java)));
      assertEquals(java.peerId().toString(), r.get("peerId"));
      assertEquals("kameo-java/0.1.0", r.get("agentVersion"));
      assertEquals("ipfs/0.1.0", r.get("protocolVersion"));
      assertEquals(Boolean.TRUE, r.get("publicKeyMatchesPeerId"));
      assertEquals(
          List.of("/echo/1.0.0", "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"),
          ((List<?>) r.get("protocols")).stream().sorted().toList());
      assertEquals(
          java.listenAddresses().stream().map(Multiaddr::toString).toList(), r.get("listenAddrs"));
      checkObservedByJava(r);
    }
  }

  @Test
  void the_peer_echoes_several_mib_through_java_checked_by_hash() {
    try (Host java = javaHost()) {
      Map<String, Object> r =
          peer.commandOk(
              Map.of("cmd", "echo", "addr", addr(java), "bytes", LARGE, "timeoutMs", 30000));
      assertEquals(Boolean.TRUE, r.get("match"), r.toString());
      assertEquals(LARGE, r.get("received"));
      // and Java saw exactly the bytes the peer sent
      assertTrue(
          echoedByJava.getOrDefault(remotePeer(), List.of()).contains((String) r.get("sentSha256")),
          echoedByJava + " vs " + r);
    }
  }

  @Test
  void the_peer_dials_a_java_host_that_negotiates_the_muxer_with_multistream_select() {
    try (Host plain = javaHost(HostConfig.defaults().withEarlyMuxerNegotiation(false))) {
      Map<String, Object> echo =
          peer.commandOk(Map.of("cmd", "echo", "addr", addr(plain), "bytes", 100_000));
      assertEquals(Boolean.TRUE, echo.get("match"), echo.toString());
      peer.commandOk(Map.of("cmd", "ping", "addr", addr(plain), "count", 1));
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
