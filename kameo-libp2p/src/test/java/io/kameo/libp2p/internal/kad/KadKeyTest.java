package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kameo.libp2p.PeerId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadKeyTest {
  private static final HexFormat HEX = HexFormat.of();

  private static KadKey key(String hex) {
    return KadKey.fromDigest(HEX.parseHex(hex));
  }

  private static String zeros(int bytes) {
    return "00".repeat(bytes);
  }

  @Test
  void keysAreSha256OfTheKeyBytes() {
    assertEquals(
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        KadKey.of(new byte[0]).toString());
    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        KadKey.of("abc".getBytes(StandardCharsets.UTF_8)).toString());
  }

  @Test
  void peerKeysAreSha256OfThePeerIdMultihash() throws Exception {
    PeerId peer = TestPeers.random(new Random(7));
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(peer.toBytes());
    assertArrayEquals(expected, KadKey.of(peer).toBytes());
    assertEquals(KadKey.of(peer.toBytes()), KadKey.of(peer));
  }

  @Test
  void commonPrefixLengthCountsLeadingEqualBits() {
    KadKey zero = key(zeros(32));
    assertEquals(256, zero.commonPrefixLength(zero));
    assertEquals(0, zero.commonPrefixLength(key("80" + zeros(31))));
    assertEquals(1, zero.commonPrefixLength(key("40" + zeros(31))));
    assertEquals(7, zero.commonPrefixLength(key("01" + zeros(31))));
    assertEquals(15, zero.commonPrefixLength(key("0001" + zeros(30))));
    assertEquals(255, zero.commonPrefixLength(key(zeros(31) + "01")));
    KadKey a = key("ff" + zeros(31));
    assertEquals(4, a.commonPrefixLength(key("f7" + zeros(31))));
  }

  @Test
  void xorIsTheDistance() {
    KadKey a = key("0f" + zeros(30) + "f0");
    KadKey b = key("ff" + zeros(30) + "0f");
    assertEquals(key("f0" + zeros(30) + "ff"), a.xor(b));
    assertEquals(a.xor(b), b.xor(a));
    assertEquals(key(zeros(32)), a.xor(a));
  }

  @Test
  void distancesCompareAsUnsignedNumbers() {
    KadKey target = key(zeros(32));
    KadKey near = key("7f" + "ff".repeat(31));
    KadKey far = key("80" + zeros(31)); // a high bit that would be negative as a signed byte
    assertEquals(-1, target.compareDistance(near, far));
    assertEquals(1, target.compareDistance(far, near));
    assertEquals(0, target.compareDistance(far, far));
    assertEquals(-1, Integer.signum(target.xor(near).compareTo(target.xor(far))));
  }

  @Test
  void compareDistanceAgreesWithXorOnRandomKeys() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      KadKey t = TestPeers.randomKey(random);
      KadKey a = TestPeers.randomKey(random);
      KadKey b = i % 10 == 0 ? a : TestPeers.randomKey(random);
      assertEquals(
          Integer.signum(t.xor(a).compareTo(t.xor(b))), Integer.signum(t.compareDistance(a, b)));
      assertEquals(
          Integer.signum(t.compareDistance(a, b)), Integer.signum(t.byDistance().compare(a, b)));
    }
  }

  @Test
  void keysAreValues() {
    byte[] digest = new byte[32];
    digest[3] = 9;
    KadKey k = KadKey.fromDigest(digest);
    digest[3] = 10;
    assertEquals(9, k.toBytes()[3]);
    k.toBytes()[3] = 11;
    assertEquals(9, k.toBytes()[3]);
    assertEquals(k, key("000000" + "09" + zeros(28)));
    assertEquals(k.hashCode(), key("000000" + "09" + zeros(28)).hashCode());
    assertNotEquals(k, KadKey.fromDigest(digest));
    assertThrows(IllegalArgumentException.class, () -> KadKey.fromDigest(new byte[31]));
  }
}
