package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RecordStoreTest {
  private static final Instant START = Instant.parse("2026-11-22T01:49:21.812Z");
  private final MutableClock clock = new MutableClock(START);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static KadRecord record(String key, String value) {
    return new KadRecord(bytes(key), bytes(value), "2000-01-01T00:00:00.000000000Z");
  }

  private RecordStore store(int maxRecords, long maxBytes) {
    return new RecordStore(maxRecords, maxBytes, RecordStore.DEFAULT_MAX_AGE, clock);
  }

  @Test
  void putStampsTheRecordWithTheLocalTime() {
    RecordStore store = store(10, 1000);
    assertTrue(store.put(record("/v/a", "1")));
    assertEquals(
        Optional.of(new KadRecord(bytes("/v/a"), bytes("1"), "2026-11-22T01:49:21.812000000Z")),
        store.get(bytes("/v/a")));
    assertEquals(Optional.empty(), store.get(bytes("/v/b")));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(store.put(record("/v/a", "2")));
    assertEquals(
        "2026-11-22T01:49:22.812000000Z", store.get(bytes("/v/a")).orElseThrow().timeReceived());
    assertEquals(bytes("2")[0], store.get(bytes("/v/a")).orElseThrow().value()[0]);
    assertEquals(1, store.size());
  }

  @Test
  void keysAreComparedByContentAndCopied() {
    RecordStore store = store(10, 1000);
    byte[] key = bytes("/v/a");
    store.put(new KadRecord(key, bytes("1"), ""));
    key[0] = 'x';
    assertTrue(store.get(bytes("/v/a")).isPresent());
  }

  @Test
  void recordsOlderThan48HoursAreDroppedOnRead() {
    RecordStore store = store(10, 1000);
    store.put(record("/v/a", "1"));
    clock.advance(Duration.ofHours(48));
    assertTrue(store.get(bytes("/v/a")).isPresent(), "exactly 48 h old is still valid");
    clock.advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), store.get(bytes("/v/a")));
    assertEquals(0, store.size(), "the expired record was removed");
  }

  @Test
  void sweepRemovesOnlyExpiredRecords() {
    RecordStore store = store(10, 1000);
    store.put(record("/v/a", "1"));
    clock.advance(Duration.ofHours(24));
    store.put(record("/v/b", "2"));
    clock.advance(Duration.ofHours(25));
    assertEquals(1, store.sweepExpired());
    assertEquals(1, store.size());
    assertTrue(store.get(bytes("/v/b")).isPresent());
    assertEquals(0, store.sweepExpired());
  }

  @Test
  void aFullStoreRefusesNewKeysButAcceptsReplacements() {
    RecordStore store = store(2, 1000);
    assertTrue(store.put(record("/v/a", "1")));
    assertTrue(store.put(record("/v/b", "2")));
    assertFalse(store.put(record("/v/c", "3")));
    assertEquals(Optional.empty(), store.get(bytes("/v/c")));
    assertTrue(store.put(record("/v/a", "4")), "same key: replaces");
    assertEquals(2, store.size());
  }

  @Test
  void aFullStoreMakesRoomByDroppingExpiredRecords() {
    RecordStore store = store(2, 1000);
    store.put(record("/v/a", "1"));
    clock.advance(Duration.ofHours(47));
    store.put(record("/v/b", "2"));
    clock.advance(Duration.ofHours(2));
    assertTrue(store.put(record("/v/c", "3")));
    assertEquals(2, store.size());
    assertFalse(store.get(bytes("/v/a")).isPresent());
    assertTrue(store.get(bytes("/v/b")).isPresent());
  }

  @Test
  void theByteBoundCountsKeysAndValues() {
    RecordStore store = store(100, 10);
    assertTrue(store.put(record("k1", "123"))); // 5 bytes
    assertTrue(store.put(record("k2", "456"))); // 10 bytes
    assertFalse(store.put(record("k3", "")));
    assertFalse(store.put(record("k1", "1234")), "a larger replacement does not fit");
    assertTrue(store.put(record("k1", "12")), "a smaller replacement does");
    assertTrue(store.put(record("k", "")), "and frees room");
    assertTrue(store.remove(bytes("k2")));
    assertFalse(store.remove(bytes("k2")));
    assertFalse(store.put(record("k4", "1234")));
    assertTrue(store.put(record("k4", "123")));
  }

  @Test
  void argumentsAreChecked() {
    assertThrows(
        IllegalArgumentException.class, () -> new RecordStore(0, 1, Duration.ofHours(1), clock));
    assertThrows(
        IllegalArgumentException.class, () -> new RecordStore(1, 0, Duration.ofHours(1), clock));
    assertThrows(IllegalArgumentException.class, () -> new RecordStore(1, 1, Duration.ZERO, clock));
    assertThrows(NullPointerException.class, () -> new RecordStore().put(null));
  }
}
