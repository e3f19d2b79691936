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
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Java {@link Host} against real js-libp2p 2.x peers (TCP, Noise, Yamux): a js node dials Java
 * and Java dials js, with ping, identify and {@code /echo/1.0.0} both ways. Never skipped: if Node
 * is missing, {@link JsPeer} fails the tests and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostInteropTest {
  static final Duration T = Duration.ofSeconds(20);
  static final String SEED = "4b616d656f2d666f722d4a6176612d696e7465726f702d736565642d30303031";

  JsPeer js;
  Host kameo;
  Multiaddr javaAddr;
  final AtomicInteger pingsFromJs = new AtomicInteger();

  @BeforeAll
  void start() {
    js = JsPeer.listen(SEED);
    kameo = Libp2p.newHost(Keypair.generate());
    kameo.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
    javaAddr = kameo.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(kameo.peerId());
  }

  @AfterAll
  void stop() {
    if (kameo != null) {
      kameo.close();
    }
    if (js != null) {
      js.close();
    }
  }

  PeerId jsPeer() {
    return PeerId.parse(js.peerId());
  }

  // ---------------------------------------------------------------- Java dials js

  @Test
  void java_pings_js() {
    assertEquals(jsPeer(), kameo.dial(Multiaddr.parse(js.addr())));
    for (int i = 0; i < 3; i++) {
      assertTrue(kameo.ping(jsPeer()).toNanos() > 0);
    }
  }

  @Test
  void java_identifies_js() {
    kameo.dial(Multiaddr.parse(js.addr()));
    IdentifyInfo info = kameo.identify(jsPeer());
    assertTrue(info.agentVersion().startsWith("js-libp2p/2.10.0"), info.agentVersion());
    assertEquals("ipfs/0.1.0", info.protocolVersion());
    assertTrue(
        info.protocols().containsAll(List.of("/echo/1.0.0", "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")),
        info.protocols().toString());
    assertEquals(jsPeer(), info.publicKey().peerId());
    assertTrue(
        info.listenAddrs().contains(Multiaddr.parse(js.addr()).decapsulate(Multiaddr.Protocol.P2P)),
        info.listenAddrs().toString());
    assertTrue(info.observedAddr().isPresent());
  }

  @Test
  void java_echoes_through_js_small_and_large() {
    kameo.dial(Multiaddr.parse(js.addr()));
    for (int size : new int[] {11, 3 * 1024 * 1024}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      try (Stream s = kameo.newStream(jsPeer(), Host.ECHO_PROTOCOL)) {
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int off = 0; off < data.length; off += 65536) {
                        s.write(
                            java.util.Arrays.copyOfRange(
                                data, off, Math.min(data.length, off + 65536)),
                            T);
                      }
                      s.closeWrite();
                    });
        assertArrayEquals(data, s.readAll(data.length, T));
        writer.join(T.toMillis());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void java_dials_js_with_the_muxer_chosen_by_multistream_select() {
    try (Host plain =
        Libp2p.newHost(
            Keypair.generate(), HostConfig.defaults().withEarlyMuxerNegotiation(false))) {
      plain.dial(Multiaddr.parse(js.addr()));
      assertTrue(plain.ping(jsPeer()).toNanos() > 0);
      assertTrue(plain.identify(jsPeer()).agentVersion().startsWith("js-libp2p"));
    }
  }

  @Test
  void java_refuses_a_js_peer_that_is_not_the_dialed_id() {
    try (Host other = Libp2p.newHost(Keypair.generate())) {
      Multiaddr wrong =
          Multiaddr.parse(js.addr())
              .decapsulate(Multiaddr.Protocol.P2P)
              .withPeerId(Keypair.generate().peerId());
      DialException e = assertThrows(DialException.class, () -> other.dial(wrong));
      assertTrue(e.getMessage().contains("unexpected peer"), e.getMessage());
    }
  }

  @Test
  void the_same_seed_gives_the_same_peer_id_as_js() {
    assertEquals(js.peerId(), Keypair.fromSeed(HexFormat.of().parseHex(SEED)).peerId().toString());
  }

  @Test
  void js_connection_monitor_pings_are_answered_and_the_connection_survives() throws Exception {
    try (Host watched = Libp2p.newHost(Keypair.generate())) {
      watched.setStreamHandler(
          "/ipfs/ping/1.0.0",
          s -> {
            pingsFromJs.incrementAndGet();
            byte[] buf = new byte[32];
            while (true) {
              int off = 0;
              while (off < 32) {
                int n = s.read(buf, off, 32 - off, Duration.ofMinutes(1));
                if (n < 0) {
                  return;
                }
                off += n;
              }
              s.write(buf, T);
            }
          });
      watched.dial(Multiaddr.parse(js.addr()));
      long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
      while (pingsFromJs.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(pingsFromJs.get() > 0, "js's connection monitor pinged within 25 s");
      Thread.sleep(1000);
      assertTrue(watched.isConnected(jsPeer()));
      assertTrue(watched.ping(jsPeer()).toNanos() > 0);
    }
  }

  // ---------------------------------------------------------------- js dials Java

  @Test
  void js_pings_java() {
    JsPeer.Result r = JsPeer.dial(javaAddr.toString(), "ping", null);
    assertEquals(kameo.peerId().toString(), r.string("peerId"));
    assertTrue(r.json().get("rttMs") instanceof Number, r.json().toString());
  }

  @Test
  void js_identifies_java() {
    JsPeer.Result r = JsPeer.dial(javaAddr.toString(), "identify", null);
    assertEquals("kameo-java/0.1.0", r.string("agentVersion"));
    assertEquals("ipfs/0.1.0", r.string("protocolVersion"));
    assertEquals(Boolean.TRUE, r.json().get("publicKeyMatchesPeerId"));
    assertEquals(
        List.of("/echo/1.0.0", "/ipfs/id/1.0.0", "/ipfs/ping/1.0.0"), r.json().get("protocols"));
    assertEquals(
        List.of(javaAddr.decapsulate(Multiaddr.Protocol.P2P).toString()),
        r.json().get("listenAddrs"));
  }

  @Test
  void js_echoes_through_java() {
    JsPeer.Result r = JsPeer.dial(javaAddr.toString(), "echo", "hello from js to kameo");
    assertEquals("hello from js to kameo", r.string("echo"));
  }

  @Test
  void js_dials_a_java_host_that_negotiates_the_muxer_with_multistream_select() {
    try (Host plain =
        Libp2p.newHost(
            Keypair.generate(), HostConfig.defaults().withEarlyMuxerNegotiation(false))) {
      plain.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
      String addr =
          plain
              .listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0"))
              .withPeerId(plain.peerId())
              .toString();
      assertEquals("plain mss", JsPeer.dial(addr, "echo", "plain mss").string("echo"));
      JsPeer.dial(addr, "ping", null);
    }
  }
}
