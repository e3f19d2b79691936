package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.kad.KadMessage.Type;
import io.kameo.libp2p.internal.kad.KadPeer.ConnectionType;
import io.kameo.libp2p.internal.wire.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadMessageTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String TIME = "2026-11-22T01:49:21.812000000Z";

  /** A sha2-256 peer id: 12 20 then 32 bytes 01..20. */
  private static final String PEER_HEX =
      "1220" + "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20";

  private static final PeerId PEER = PeerId.fromBytes(HEX.parseHex(PEER_HEX));

  /** /ip4/127.0.0.1/tcp/4001: 04 7f000001 06 0fa1. */
  private static final Multiaddr ADDR = Multiaddr.parse("/ip4/127.0.0.1/tcp/4001");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hex(String... parts) {
    return HEX.parseHex(String.join("", parts));
  }

  private static KadProtocolException rejects(String hex) {
    return assertThrows(KadProtocolException.class, () -> KadMessage.decode(HEX.parseHex(hex)));
  }

  private static void assertMessage(String expectedPart, KadProtocolException e) {
    assertTrue(
        e.getMessage().contains(expectedPart),
        () -> "expected \"" + expectedPart + "\" in \"" + e.getMessage() + "\"");
  }

  @Test
  void everyMessageTypeRoundTrips() {
    Random random = new Random(1);
    for (Type type : Type.values()) {
      KadMessage m =
          new KadMessage(
              type,
              bytes("/v/key-" + type),
              type == Type.PUT_VALUE || type == Type.GET_VALUE
                  ? new KadRecord(bytes("/v/key-" + type), bytes("value"), TIME)
                  : null,
              List.of(
                  new KadPeer(TestPeers.random(random), List.of(ADDR), ConnectionType.CONNECTED),
                  new KadPeer(TestPeers.random(random), List.of(), ConnectionType.CANNOT_CONNECT)),
              type == Type.ADD_PROVIDER || type == Type.GET_PROVIDERS
                  ? List.of(
                      KadPeer.of(
                          TestPeers.random(random),
                          List.of(ADDR, Multiaddr.parse("/ip6/::1/udp/4001/quic-v1"))))
                  : List.of());
      KadMessage decoded = KadMessage.decode(m.encode());
      assertEquals(m, decoded);
      assertEquals(type, decoded.type());
      assertArrayEquals(m.key(), decoded.key());
      assertEquals(m.record(), decoded.record());
      assertEquals(m.closerPeers(), decoded.closerPeers());
      assertEquals(m.providerPeers(), decoded.providerPeers());
    }
  }

  @Test
  void emptyMessagesRoundTrip() {
    for (Type type : Type.values()) {
      KadMessage m = KadMessage.of(type, new byte[0]);
      assertEquals(m, KadMessage.decode(m.encode()));
    }
    assertEquals(0, KadMessage.of(Type.PUT_VALUE, new byte[0]).encode().length);
  }

  @Test
  void encodingUsesTheSpecFieldNumbers() {
    KadMessage m =
        new KadMessage(
            Type.GET_VALUE,
            bytes("k"),
            new KadRecord(bytes("k"), bytes("v"), TIME),
            List.of(new KadPeer(PEER, List.of(ADDR), ConnectionType.CONNECTED)),
            List.of(KadPeer.of(PEER, List.of())));
    byte[] expected =
        hex(
            "0801", // field 1 type, varint: GET_VALUE = 1
            "12016b", // field 2 key, bytes: "k"
            "1a26", // field 3 record, 38 bytes:
            "0a016b", //   Record field 1 key: "k"
            "120176", //   Record field 2 value: "v"
            "2a1e" + HEX.formatHex(bytes(TIME)), //   Record field 5 timeReceived, 30 chars
            "4230", // field 8 closerPeers, 48 bytes:
            "0a22" + PEER_HEX, //   Peer field 1 id, the 34-byte multihash
            "1208047f000001060fa1", //   Peer field 2 addrs: /ip4/127.0.0.1/tcp/4001
            "1801", //   Peer field 3 connection: CONNECTED = 1
            "4a24", // field 9 providerPeers, 36 bytes:
            "0a22" + PEER_HEX); //   id only; NOT_CONNECTED (0) is left out
    assertArrayEquals(expected, m.encode());
    assertEquals(m, KadMessage.decode(expected));
  }

  @Test
  void putValueTypeIsLeftOutAndAnAbsentTypeReadsAsPutValue() {
    KadMessage put = KadMessage.of(Type.PUT_VALUE, bytes("k"));
    assertArrayEquals(hex("12016b"), put.encode());
    assertEquals(Type.PUT_VALUE, KadMessage.decode(hex("12016b")).type());
    assertEquals(Type.PUT_VALUE, KadMessage.decode(hex("0800")).type());
  }

  @Test
  void recordKeyAndValueAreAlwaysWrittenAndAnEmptyTimeIsLeftOut() {
    KadMessage m =
        KadMessage.of(Type.PUT_VALUE, new byte[0])
            .withRecord(new KadRecord(new byte[0], new byte[0], ""));
    assertArrayEquals(hex("1a04", "0a00", "1200"), m.encode());
    KadRecord decoded = KadMessage.decode(hex("1a00")).record();
    assertEquals(new KadRecord(new byte[0], new byte[0], ""), decoded);
  }

  @Test
  void unknownFieldsAndClusterLevelAreSkipped() {
    byte[] withExtras =
        hex(
            "5003", // field 10 clusterLevelRaw, varint 3
            "0804", // type FIND_NODE
            "7a03010203", // field 15, bytes
            "3d01020304", // field 7, fixed32
            "310102030405060708", // field 6, fixed64
            "8801" + "808080808001", // field 17, a varint of several bytes
            "12016b",
            "1a0c", // record with author (3) and signature (4) that js leaves unset
            "0a016b",
            "1a0161", // author
            "220173", // signature
            "120176",
            "4226",
            "0a22" + PEER_HEX,
            "2001"); // Peer field 4, unknown varint
    KadMessage m = KadMessage.decode(withExtras);
    assertEquals(
        new KadMessage(
            Type.FIND_NODE,
            bytes("k"),
            new KadRecord(bytes("k"), bytes("v"), ""),
            List.of(KadPeer.of(PEER, List.of())),
            List.of()),
        m);
  }

  @Test
  void laterScalarFieldsWinAndRepeatedFieldsAppend() {
    KadMessage m =
        KadMessage.decode(
            hex(
                "0801",
                "12016b",
                "0804",
                "12016c",
                "4224",
                "0a22" + PEER_HEX,
                "4224",
                "0a22" + PEER_HEX));
    assertEquals(Type.FIND_NODE, m.type());
    assertArrayEquals(bytes("l"), m.key());
    assertEquals(2, m.closerPeers().size());
  }

  @Test
  void unparseableAddressesAreSkippedAndThePeerKept() {
    byte[] message =
        hex(
            "0804",
            "4238",
            "0a22" + PEER_HEX,
            "1208047f000001060fa1", // /ip4/127.0.0.1/tcp/4001
            "1204e0d70301", // protocol code 0xebe0, unknown here
            "12020401"); // /ip4 with 1 of its 4 bytes
    assertEquals(
        List.of(KadPeer.of(PEER, List.of(ADDR))), KadMessage.decode(message).closerPeers());
  }

  @Test
  void peerEntriesWithAMissingOrInvalidIdAreDroppedAndTheOthersKept() {
    byte[] message =
        hex(
            "0804",
            "4209", // id is a sha2-256 multihash with a 5-byte digest: invalid
            "0a0712050102030405",
            "420a", // no id at all, just an address
            "1208047f000001060fa1",
            "4224",
            "0a22" + PEER_HEX,
            "4a04", // provider with an unknown multihash code
            "0a029901");
    KadMessage m = KadMessage.decode(message);
    assertEquals(List.of(KadPeer.of(PEER, List.of())), m.closerPeers());
    assertEquals(List.of(), m.providerPeers());
  }

  @Test
  void unknownConnectionTypesReadAsNotConnected() {
    KadMessage m = KadMessage.decode(hex("4226", "0a22" + PEER_HEX, "1809"));
    assertEquals(ConnectionType.NOT_CONNECTED, m.closerPeers().get(0).connection());
  }

  @Test
  void malformedInputIsRejectedWithAMessageNamingTheProblem() {
    assertMessage("offset 1: truncated or malformed varint (type)", rejects("0880"));
    assertMessage("offset 0: truncated or malformed varint (tag)", rejects("80"));
    assertMessage("length of key is 5 bytes but only 1 remain", rejects("120501"));
    assertMessage(
        "length of closerPeers is 18446744073709551615 bytes", rejects("42ffffffffffffffffff01"));
    assertMessage("field 1 (type) has wire type 2, expected 0", rejects("0a00"));
    assertMessage("field 2 (key) has wire type 0, expected 2", rejects("1000"));
    assertMessage("unknown kad message type 6: expected 0 to 5", rejects("0806"));
    assertMessage("unknown kad message type 4294967297", rejects("0881808080 10".replace(" ", "")));
    assertMessage("unknown kad message type -1", rejects("08ffffffffffffffffff01"));
    assertMessage("unknown field 5 has invalid wire type 7", rejects("2f"));
    assertMessage("unknown field 5 uses the deprecated group wire type", rejects("2b"));
    assertMessage("invalid tag 0", rejects("00"));
    assertMessage("truncated unknown field 7: needs 4 bytes", rejects("3d0102"));
    assertMessage("malformed kad Record at offset 0: truncated", rejects("1a01" + "80"));
    assertMessage(
        "malformed kad Peer at offset 1: length of id is 5 bytes", rejects("4203" + "0a0501"));
    assertMessage("timeReceived is not valid UTF-8", rejects("1a03" + "2a01ff"));
    assertMessage("malformed kad Message at offset 0", rejects("80"));
  }

  @Test
  void messagesAboveTheSizeLimitAreRejected() {
    byte[] big = new byte[KadMessage.MAX_MESSAGE_SIZE + 1];
    assertMessage(
        "kad message of 4194305 bytes is larger than the limit of 4194304 bytes",
        assertThrows(KadProtocolException.class, () -> KadMessage.decode(big)));
    KadMessage tooBig =
        new KadMessage(
            Type.PUT_VALUE,
            new byte[0],
            new KadRecord(new byte[0], new byte[KadMessage.MAX_MESSAGE_SIZE], ""),
            List.of(),
            List.of());
    assertMessage(
        "larger than the limit", assertThrows(KadProtocolException.class, tooBig::encodeFramed));
  }

  @Test
  void framedMessagesAreReadOneAtATimeUntilTheEnd() throws IOException {
    KadMessage a = KadMessage.of(Type.FIND_NODE, PEER.toBytes());
    KadMessage b =
        KadMessage.of(Type.GET_PROVIDERS, bytes("x"))
            .withProviderPeers(List.of(KadPeer.of(PEER, List.of(ADDR))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    a.writeFramed(out);
    b.writeFramed(out);
    byte[] body = a.encode();
    byte[] framed = a.encodeFramed();
    assertEquals(body.length, framed[0]);
    assertArrayEquals(body, Arrays.copyOfRange(framed, 1, framed.length));

    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    assertEquals(a, KadMessage.readFramed(in));
    assertEquals(b, KadMessage.readFramed(in));
    assertNull(KadMessage.readFramed(in));
  }

  @Test
  void anEmptyFrameIsAPutValueWithNothingSet() throws IOException {
    assertEquals(
        KadMessage.of(Type.PUT_VALUE, new byte[0]),
        KadMessage.readFramed(new ByteArrayInputStream(hex("00"))));
  }

  private static KadProtocolException rejectsFrame(int maxSize, String hex) {
    return assertThrows(
        KadProtocolException.class,
        () -> KadMessage.readFramed(new ByteArrayInputStream(HEX.parseHex(hex)), maxSize));
  }

  @Test
  void badFramesAreRejected() {
    int max = KadMessage.MAX_MESSAGE_SIZE;
    assertMessage("input ends inside the length prefix", rejectsFrame(max, "80"));
    assertMessage("input ends after 1 of 5 bytes", rejectsFrame(max, "0508"));
    assertMessage("not minimally encoded", rejectsFrame(max, "8000"));
    assertMessage(
        "kad frame of at least 4194305 bytes is larger than the limit of 4194304 bytes",
        rejectsFrame(max, HEX.formatHex(Varint.encode(max + 1L))));
    assertMessage(
        "larger than the limit of 4194304 bytes", rejectsFrame(max, "ffffffffffffffff7f"));
    assertMessage("longer than 9 bytes", rejectsFrame(max, "80808080808080808001"));
    assertMessage("unknown kad message type 7", rejectsFrame(max, "020807"));
    assertMessage(
        "kad frame of at least 11 bytes is larger than the limit of 10 bytes",
        rejectsFrame(10, "0b"));
  }

  @Test
  void anOversizedFrameIsRejectedBeforeItsBodyIsRead() {
    ByteArrayInputStream in = new ByteArrayInputStream(hex("0b", "00".repeat(11)));
    assertThrows(KadProtocolException.class, () -> KadMessage.readFramed(in, 10));
    assertEquals(11, in.available());
  }

  @Test
  void readFramedChecksItsLimit() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            KadMessage.readFramed(
                new ByteArrayInputStream(new byte[0]), KadMessage.MAX_MESSAGE_SIZE + 1));
  }
}
