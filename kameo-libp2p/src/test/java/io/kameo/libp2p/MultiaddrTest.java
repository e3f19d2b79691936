package io.kameo.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Multiaddr.Protocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MultiaddrTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

  @Test
  void specVectorPacksIp4Tcp() {
    // multiformats/multiaddr test/multiaddr.feature
    Multiaddr addr = Multiaddr.parse("/ip4/192.0.2.42/tcp/443");
    assertArrayEquals(HEX.parseHex("04c000022a0601bb"), addr.toBytes());
    assertEquals(addr, Multiaddr.fromBytes(HEX.parseHex("04c000022a0601bb")));
    assertEquals("/ip4/192.0.2.42/tcp/443", Multiaddr.fromBytes(addr.toBytes()).toString());
  }

  @Test
  void specReadmeExamplePacksIp4Udp() {
    assertArrayEquals(
        HEX.parseHex("047f000001910204d2"), Multiaddr.parse("/ip4/127.0.0.1/udp/1234").toBytes());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4/127.0.0.1/tcp/4001",
        "/ip4/0.0.0.0/tcp/0",
        "/ip6/::1/tcp/4001",
        "/ip6/::/udp/65535/quic-v1",
        "/ip6/2001:db8::1:0:0:1/tcp/1",
        "/ip6/fe80::1:2:3:4/tcp/1",
        "/ip6/1:2:3:4:5:6:7:8/tcp/1",
        "/dns/example.com/tcp/443",
        "/dns4/bootstrap.libp2p.io/tcp/4001/p2p/" + PEER,
        "/dns6/localhost/udp/4001/quic-v1",
        "/ip4/1.2.3.4/udp/4001/quic-v1/p2p/" + PEER,
        "/p2p/QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N",
        "/dnsaddr/bootstrap.libp2p.io/p2p/" + PEER,
        "/ip4/1.2.3.4/tcp/443/tls/sni/example.com/ws",
        "/ip4/1.2.3.4/tcp/443/wss",
        "/ip4/1.2.3.4/udp/1/quic-v1/webtransport",
        "/ip4/1.2.3.4/udp/1/quic",
        "/ip4/1.2.3.4/udp/1/webrtc-direct",
        "/ip4/1.2.3.4/tcp/80/http",
        "/ip4/1.2.3.4/tcp/1/noise",
        "/ip6zone/eth0/ip6/fe80::1/tcp/1",
        "/ip4/1.2.3.4/tcp/1/p2p/" + PEER + "/p2p-circuit/webrtc/p2p/" + PEER,
        "/"
      })
  void canonicalTextRoundTripsThroughTextAndBytes(String text) {
    Multiaddr addr = Multiaddr.parse(text);
    assertEquals(text, addr.toString());
    assertEquals(addr, Multiaddr.fromBytes(addr.toBytes()));
    assertEquals(text, Multiaddr.fromBytes(addr.toBytes()).toString());
  }

  @ParameterizedTest
  @CsvSource({
    "/ip6/0:0:0:0:0:0:0:1/tcp/1, /ip6/::1/tcp/1",
    "/ip6/2001:DB8:0:0:1:0:0:1/tcp/1, /ip6/2001:db8::1:0:0:1/tcp/1",
    "/ip6/0001:0:0:1::1/tcp/1, /ip6/1:0:0:1::1/tcp/1",
    "/ip6/1:0:0:2:0:0:3:4/tcp/1, /ip6/1::2:0:0:3:4/tcp/1",
    "/ip6/::ffff:1.2.3.4/tcp/1, /ip6/::ffff:102:304/tcp/1",
    "/ip6/1:0:2:0:3:0:4:0/tcp/1, /ip6/1:0:2:0:3:0:4:0/tcp/1",
    "/ip4/1.2.3.4/tcp/80/, /ip4/1.2.3.4/tcp/80",
    "/ip4/1.2.3.4/tcp/80/ipfs/" + PEER + ", /ip4/1.2.3.4/tcp/80/p2p/" + PEER,
  })
  void nonCanonicalTextPrintsCanonically(String text, String canonical) {
    assertEquals(canonical, Multiaddr.parse(text).toString());
  }

  @Test
  void ipfsIsAnAliasOfP2pWithTheSameCode() {
    assertEquals(Multiaddr.parse("/p2p/" + PEER), Multiaddr.parse("/ipfs/" + PEER));
    assertEquals(0x01a5, Protocol.P2P.code());
  }

  @Test
  void p2pAcceptsCidPeerIds() {
    PeerId id = PeerId.parse(PEER);
    assertEquals(Optional.of(id), Multiaddr.parse("/p2p/" + id.toCidString()).peerId());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ip4/1.2.3.4|must start with",
        "''|must start with",
        "/ip5/1.2.3.4|unknown multiaddr protocol \"ip5\"",
        "/unix/tmp|unknown multiaddr protocol \"unix\"",
        "/ip4/1.2.3.4/tcp/1/tls/sni|missing value for /sni",
        "/ip4/256.0.0.1|invalid /ip4 value \"256.0.0.1\"",
        "/ip4/1.2.3|invalid /ip4 value \"1.2.3\"",
        "/ip4/01.2.3.4|invalid /ip4 value \"01.2.3.4\"",
        "/ip4/1.2.3.4/tcp|missing value for /tcp",
        "/ip4/1.2.3.4/tcp/65536|invalid /tcp value \"65536\"",
        "/ip4/1.2.3.4/tcp/-1|invalid /tcp value \"-1\"",
        "/ip4/1.2.3.4/tcp/+1|invalid /tcp value \"+1\"",
        "/ip6/1::2::3|invalid /ip6 value \"1::2::3\"",
        "/ip6/1:2:3:4:5:6:7|invalid /ip6 value",
        "/ip6/1:2:3:4:5:6:7:8:9|invalid /ip6 value",
        "/ip6/12345::|invalid /ip6 value",
        "/ip6/g::|invalid /ip6 value",
        "/ip6/1:2:3:4:5:6:7::8|invalid /ip6 value",
        "/dns4/|missing value for /dns4",
        "/dns4//tcp/1|invalid /dns4 value \"\"",
        "/p2p/notapeer|invalid /p2p value \"notapeer\"",
        "/ip4/1.2.3.4//tcp/1|empty protocol name",
      })
  void malformedTextIsRejectedNamingTheBadPart(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.parse(text));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ff01|unknown multiaddr protocol code 0xff",
        "04c00002|truncated /ip4 value",
        "0601|truncated /tcp value",
        "3505616263|truncated /dns value: needs 5 bytes at offset 2 but 3 remain",
        "3500|name must be 1 to 255 bytes",
        "35012f|invalid /dns value at offset 0",
        "a503021100|invalid /p2p value at offset 0",
        "80|truncated multiaddr protocol code",
        "8400|not minimally encoded",
      })
  void malformedBytesAreRejectedNamingTheBadPart(String hex, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Multiaddr.fromBytes(HEX.parseHex(hex)));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void tcpAddressOfIpLiteralIsResolvedWithoutLookup() throws Exception {
    assertEquals(
        Optional.of(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 4001)),
        Multiaddr.parse("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER).tcpAddress());
    InetSocketAddress v6 = Multiaddr.parse("/ip6/::1/tcp/80").tcpAddress().orElseThrow();
    assertTrue(v6.getAddress().isLoopbackAddress());
    assertEquals(80, v6.getPort());
  }

  @Test
  void tcpAddressOfDnsIsUnresolved() {
    InetSocketAddress address =
        Multiaddr.parse("/dns4/example.invalid/tcp/443").tcpAddress().orElseThrow();
    assertTrue(address.isUnresolved());
    assertEquals("example.invalid", address.getHostString());
    assertEquals(443, address.getPort());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/ip4/1.2.3.4/udp/1",
        "/ip4/1.2.3.4/udp/1/quic-v1",
        "/ip4/1.2.3.4",
        "/tcp/1",
        "/ip4/1.2.3.4/tcp/1/ws",
        "/ip6zone/x/ip6/::1/tcp/1"
      })
  void tcpAddressIsEmptyForOtherShapes(String text) {
    assertEquals(Optional.empty(), Multiaddr.parse(text).tcpAddress());
  }

  @Test
  void tcpFactoryBuildsIp4AndIp6Addresses() throws Exception {
    assertEquals(
        "/ip4/10.1.2.3/tcp/99",
        Multiaddr.tcp(new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 99)).toString());
    assertEquals(
        "/ip6/::1/tcp/99",
        Multiaddr.tcp(new InetSocketAddress(InetAddress.getByName("::1"), 99)).toString());
    assertThrows(
        IllegalArgumentException.class,
        () -> Multiaddr.tcp(InetSocketAddress.createUnresolved("x", 1)));
  }

  @Test
  void peerIdIsTheLastP2pComponent() {
    Multiaddr addr = Multiaddr.parse("/ip4/1.2.3.4/tcp/1/p2p/" + PEER);
    assertEquals(Optional.of(PeerId.parse(PEER)), addr.peerId());
    assertEquals(Optional.empty(), Multiaddr.parse("/ip4/1.2.3.4/tcp/1").peerId());
  }

  @Test
  void withPeerIdAppendsOnceAndRefusesAnotherPeer() {
    PeerId id = PeerId.parse(PEER);
    Multiaddr base = Multiaddr.parse("/ip4/1.2.3.4/tcp/1");
    Multiaddr withId = base.withPeerId(id);
    assertEquals("/ip4/1.2.3.4/tcp/1/p2p/" + PEER, withId.toString());
    assertSame(withId, withId.withPeerId(id));
    PeerId other = Keypair.generate().peerId();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withId.withPeerId(other));
    assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
  }

  @Test
  void encapsulateAndDecapsulateAreInverse() {
    Multiaddr outer = Multiaddr.parse("/ip4/1.2.3.4");
    Multiaddr inner = Multiaddr.parse("/tcp/5/p2p/" + PEER);
    Multiaddr full = outer.encapsulate(inner);
    assertEquals("/ip4/1.2.3.4/tcp/5/p2p/" + PEER, full.toString());
    assertEquals(outer, full.decapsulate(Protocol.TCP));
    assertEquals(Multiaddr.parse("/ip4/1.2.3.4/tcp/5"), full.decapsulate(Protocol.P2P));
    assertSame(full, full.decapsulate(Protocol.UDP));
    assertTrue(full.decapsulate(Protocol.IP4).isEmpty());
    assertFalse(full.isEmpty());
  }

  @Test
  void protocolsAndValuesAreExposed() {
    Multiaddr addr = Multiaddr.parse("/dns6/h/udp/7/quic-v1");
    assertEquals(List.of(Protocol.DNS6, Protocol.UDP, Protocol.QUIC_V1), addr.protocols());
    assertEquals(Optional.of("7"), addr.valueOf(Protocol.UDP));
    assertEquals(Optional.of("h"), addr.valueOf(Protocol.DNS6));
    assertEquals(Optional.empty(), addr.valueOf(Protocol.QUIC_V1));
    assertEquals(Optional.empty(), addr.valueOf(Protocol.TCP));
  }

  @Test
  void protocolCodesMatchTheMulticodecTable() {
    assertEquals(0x04, Protocol.IP4.code());
    assertEquals(0x06, Protocol.TCP.code());
    assertEquals(0x29, Protocol.IP6.code());
    assertEquals(0x35, Protocol.DNS.code());
    assertEquals(0x36, Protocol.DNS4.code());
    assertEquals(0x37, Protocol.DNS6.code());
    assertEquals(0x0111, Protocol.UDP.code());
    assertEquals(0x01cd, Protocol.QUIC_V1.code());
    assertEquals(0x2a, Protocol.IP6ZONE.code());
    assertEquals(0x38, Protocol.DNSADDR.code());
    assertEquals(0x0118, Protocol.WEBRTC_DIRECT.code());
    assertEquals(0x0119, Protocol.WEBRTC.code());
    assertEquals(0x0122, Protocol.P2P_CIRCUIT.code());
    assertEquals(0x01c0, Protocol.TLS.code());
    assertEquals(0x01c1, Protocol.SNI.code());
    assertEquals(0x01c6, Protocol.NOISE.code());
    assertEquals(0x01cc, Protocol.QUIC.code());
    assertEquals(0x01d1, Protocol.WEBTRANSPORT.code());
    assertEquals(0x01dd, Protocol.WS.code());
    assertEquals(0x01de, Protocol.WSS.code());
    assertEquals(0x01e0, Protocol.HTTP.code());
    assertArrayEquals(
        HEX.parseHex("cd03"), Multiaddr.parse("/quic-v1").toBytes()); // 461 as a uvarint
  }
}
