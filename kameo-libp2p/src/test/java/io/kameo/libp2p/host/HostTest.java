package io.kameo.libp2p.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.IdentifyInfo;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.ProtocolNotSupportedException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HostTest {
  static final Duration T = Duration.ofSeconds(10);
  Host a;
  Host b;
  Multiaddr bAddr;

  @BeforeEach
  void start() {
    a = Libp2p.newHost(Keypair.generate());
    b = Libp2p.newHost(Keypair.generate());
    b.setStreamHandler(Host.ECHO_PROTOCOL, Host.ECHO_HANDLER);
    bAddr = b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(b.peerId());
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  @Test
  void dial_then_ping_measures_a_round_trip() {
    assertEquals(b.peerId(), a.dial(bAddr));
    Duration rtt = a.ping(b.peerId());
    assertTrue(rtt.toNanos() > 0, rtt.toString());
    assertTrue(a.isConnected(b.peerId()));
  }

  @Test
  void identify_returns_the_remote_agent_protocols_and_addresses() {
    a.dial(bAddr);
    IdentifyInfo info = a.identify(b.peerId());
    assertEquals("kameo-java/0.1.0", info.agentVersion());
    assertEquals("ipfs/0.1.0", info.protocolVersion());
    assertTrue(info.protocols().contains("/ipfs/ping/1.0.0"), info.protocols().toString());
    assertTrue(info.protocols().contains(Host.ECHO_PROTOCOL));
    assertEquals(b.listenAddresses(), info.listenAddrs());
    assertTrue(info.observedAddr().isPresent());
  }

  @Test
  void echo_returns_the_bytes_and_closes_after_the_remote_half_close() {
    a.dial(bAddr);
    try (Stream s = a.newStream(b.peerId(), Host.ECHO_PROTOCOL)) {
      s.write("hello".getBytes(), T);
      s.closeWrite();
      assertArrayEquals("hello".getBytes(), s.readAll(1024, T));
    }
  }

  @Test
  void unsupported_protocol_is_reported() {
    a.dial(bAddr);
    ProtocolNotSupportedException e =
        assertThrows(ProtocolNotSupportedException.class, () -> a.newStream(b.peerId(), "/nope/1"));
    assertEquals("/nope/1", e.protocol());
  }

  @Test
  void dialing_the_wrong_peer_id_fails() {
    PeerId other = Keypair.generate().peerId();
    Multiaddr wrong = bAddr.decapsulate(Multiaddr.Protocol.P2P).withPeerId(other);
    DialException e = assertThrows(DialException.class, () -> a.dial(wrong));
    assertTrue(e.getMessage().contains("unexpected peer"), e.getMessage());
  }
}
