package io.kameo.libp2p.internal.mdns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdnsCodecTest {
  static final PeerId ALICE = Keypair.generate().peerId();
  static final PeerId BOB = Keypair.generate().peerId();

  static Multiaddr addr(String text, PeerId peer) {
    return Multiaddr.parse(text).withPeerId(peer);
  }

  static MdnsMessage decode(byte[] packet) {
    return MdnsCodec.decode(Unpooled.wrappedBuffer(packet));
  }

  @Test
  void the_query_asks_for_p2p_udp_local_ptr() {
    byte[] query = MdnsCodec.encodeQuery();
    assertEquals(new MdnsMessage.Query(true), decode(query));
    // header: id 0, flags 0 (a query), one question; then the name's first label "_p2p"
    assertEquals(0, query[2] | query[3]);
    assertEquals(1, query[5]);
    assertEquals(4, query[12]);
    assertEquals("_p2p", new String(query, 13, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void a_response_carries_the_peer_name_its_addresses_and_ttl() {
    List<Multiaddr> addrs =
        List.of(addr("/ip4/192.0.2.7/tcp/4001", ALICE), addr("/ip6/2001:db8::1/tcp/4001", ALICE));
    byte[] packet = MdnsCodec.encodeResponse("abc123", addrs, Duration.ofSeconds(120));
    assertEquals(
        new MdnsMessage.Response(
            List.of(new Announcement("abc123", ALICE, addrs, Duration.ofSeconds(120)))),
        decode(packet));
    assertEquals(0x84, packet[2] & 0xff, "an authoritative response");
    assertEquals(4, packet[11], "additional records: TXT, SRV, and A and AAAA for the two IPs");
    String text = new String(packet, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("abc123\u0003p2p\u0005local"), "the SRV target and A owner");
  }

  @Test
  void addresses_naming_two_peers_under_one_name_are_dropped_and_the_rest_kept() {
    byte[] mixed =
        MdnsCodec.encodeResponse(
            "liar",
            List.of(addr("/ip4/192.0.2.7/tcp/1", ALICE), addr("/ip4/192.0.2.7/tcp/2", BOB)),
            Duration.ofSeconds(60));
    assertEquals(new MdnsMessage.Response(List.of()), decode(mixed));
    byte[] noPeerId =
        MdnsCodec.encodeResponse(
            "anon", List.of(Multiaddr.parse("/ip4/192.0.2.7/tcp/1")), Duration.ofSeconds(60));
    assertEquals(new MdnsMessage.Response(List.of()), decode(noPeerId));
  }

  @Test
  void a_goodbye_has_ttl_zero() {
    byte[] bye =
        MdnsCodec.encodeResponse("abc", List.of(addr("/ip4/10.0.0.1/tcp/1", ALICE)), Duration.ZERO);
    Announcement a = ((MdnsMessage.Response) decode(bye)).peers().get(0);
    assertTrue(a.ttl().isZero());
  }

  @Test
  void peer_names_are_read_case_insensitively_and_kept_in_lower_case() {
    byte[] packet =
        MdnsCodec.encodeResponse(
            "MixedCase", List.of(addr("/ip4/10.0.0.1/tcp/1", ALICE)), Duration.ofSeconds(5));
    assertEquals("mixedcase", ((MdnsMessage.Response) decode(packet)).peers().get(0).peerName());
  }

  @Test
  void a_compressed_name_pointing_back_into_the_packet_is_read() {
    // header, answer "_p2p._udp.local PTR x.<pointer to offset 12>", TXT owner "x.<pointer>"
    ByteBuf b = Unpooled.buffer();
    b.writeShort(0).writeShort(0x8400).writeShort(0).writeShort(1).writeShort(0).writeShort(1);
    writeName(b, "_p2p", "_udp", "local");
    b.writeShort(12).writeShort(1).writeInt(30);
    b.writeShort(4).writeByte(1).writeByte('x').writeShort(0xC000 | 12);
    b.writeByte(1).writeByte('x').writeShort(0xC000 | 12);
    byte[] attribute = ("dnsaddr=" + addr("/ip4/10.1.2.3/tcp/9", BOB)).getBytes();
    b.writeShort(16).writeShort(1).writeInt(30).writeShort(attribute.length + 1);
    b.writeByte(attribute.length).writeBytes(attribute);
    Announcement a = ((MdnsMessage.Response) MdnsCodec.decode(b)).peers().get(0);
    assertEquals("x", a.peerName());
    assertEquals(BOB, a.peer());
    assertEquals(Duration.ofSeconds(30), a.ttl());
  }

  @Test
  void oversized_truncated_and_crowded_packets_are_refused() {
    assertThrows(IllegalArgumentException.class, () -> decode(new byte[MdnsCodec.MAX_PACKET + 1]));
    assertThrows(IllegalArgumentException.class, () -> decode(new byte[11]));
    byte[] query = MdnsCodec.encodeQuery();
    byte[] cut = java.util.Arrays.copyOf(query, query.length - 3);
    assertThrows(IllegalArgumentException.class, () -> decode(cut));
    byte[] crowded = query.clone();
    crowded[4] = 0;
    crowded[5] = (byte) (MdnsCodec.MAX_RECORDS + 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> decode(crowded));
    assertTrue(e.getMessage().contains("above"), e.getMessage());
  }

  @Test
  void a_name_that_points_at_itself_is_refused() {
    ByteBuf b = Unpooled.buffer();
    b.writeShort(0).writeShort(0).writeShort(1).writeShort(0).writeShort(0).writeShort(0);
    b.writeShort(0xC000 | 12).writeShort(12).writeShort(1);
    assertThrows(IllegalArgumentException.class, () -> MdnsCodec.decode(b));
  }

  @Test
  void a_response_keeps_at_most_the_address_limit() {
    List<Multiaddr> many =
        java.util.stream.IntStream.range(0, MdnsCodec.MAX_ADDRESSES + 5)
            .mapToObj(i -> addr("/ip4/10.0.0.1/tcp/" + (1000 + i), ALICE))
            .toList();
    byte[] packet = MdnsCodec.encodeResponse("many", many, Duration.ofSeconds(5));
    Announcement a = ((MdnsMessage.Response) decode(packet)).peers().get(0);
    assertEquals(MdnsCodec.MAX_ADDRESSES, a.addresses().size());
  }

  private static void writeName(ByteBuf b, String... labels) {
    for (String label : labels) {
      b.writeByte(label.length()).writeBytes(label.getBytes(StandardCharsets.US_ASCII));
    }
    b.writeByte(0);
  }
}
