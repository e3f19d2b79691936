package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KadRecordTest {
  private static final Instant T = Instant.parse("2026-11-22T01:49:21.812Z");

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void timesAreFormattedAsJsWritesThem() {
    assertEquals("2026-11-22T01:49:21.812000000Z", KadRecord.formatTime(T));
    assertEquals(
        "2026-01-02T03:04:05.000000007Z",
        KadRecord.formatTime(Instant.parse("2026-01-02T03:04:05.000000007Z")));
    assertEquals(
        "2026-11-22T01:49:21.812000000Z", KadRecord.of(bytes("k"), bytes("v"), T).timeReceived());
  }

  @Test
  void jsGoAndOffsetTimesParse() {
    assertEquals(T, KadRecord.parseTime("2026-11-22T01:49:21.812000000Z"));
    assertEquals(T, KadRecord.parseTime("2026-11-22T01:49:21.812Z"));
    assertEquals(T, KadRecord.parseTime("2026-11-22T02:49:21.812+01:00"));
    assertEquals(
        Instant.parse("2026-11-22T01:49:21Z"), KadRecord.parseTime("2026-11-22T01:49:21Z"));
  }

  @Test
  void invalidTimesAreRejectedOrReadAsUnset() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> KadRecord.parseTime("yesterday"));
    assertTrue(e.getMessage().contains("\"yesterday\""), e.getMessage());
    assertEquals(Optional.empty(), new KadRecord(bytes("k"), bytes("v"), "").receivedAt());
    assertEquals(
        Optional.empty(), new KadRecord(bytes("k"), bytes("v"), "2026-13-01").receivedAt());
    assertEquals(Optional.of(T), KadRecord.of(bytes("k"), bytes("v"), T).receivedAt());
  }

  @Test
  void withTimeReceivedKeepsKeyAndValue() {
    KadRecord r = new KadRecord(bytes("k"), bytes("v"), "old");
    assertEquals(KadRecord.of(bytes("k"), bytes("v"), T), r.withTimeReceived(T));
  }

  @Test
  void equalityComparesContents() {
    KadRecord a = new KadRecord(bytes("k"), bytes("v"), "t");
    assertEquals(a, new KadRecord(bytes("k"), bytes("v"), "t"));
    assertEquals(a.hashCode(), new KadRecord(bytes("k"), bytes("v"), "t").hashCode());
    assertNotEquals(a, new KadRecord(bytes("k"), bytes("w"), "t"));
    assertNotEquals(a, new KadRecord(bytes("j"), bytes("v"), "t"));
    assertNotEquals(a, new KadRecord(bytes("k"), bytes("v"), "u"));
    assertTrue(a.toString().contains("key=6b"), a.toString());
  }

  @Test
  void recordsRoundTripAlone() {
    KadRecord r = KadRecord.of(bytes("/v/x"), new byte[300], T);
    assertEquals(r, KadRecord.decode(r.encode()));
  }
}
