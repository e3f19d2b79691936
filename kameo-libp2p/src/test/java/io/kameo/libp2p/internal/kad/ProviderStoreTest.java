package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProviderStoreTest {
  private static final Instant START = Instant.parse("2026-11-22T01:49:21.812Z");
  private static final byte[] KEY = {0x12, 0x20, 1, 2, 3};
  private static final byte[] OTHER_KEY = {0x12, 0x20, 9};
  private static final Multiaddr A1 = Multiaddr.parse("/ip4/10.0.0.1/tcp/4001");
  private static final Multiaddr A2 = Multiaddr.parse("/ip4/10.0.0.2/tcp/4001");

  private final MutableClock clock = new MutableClock(START);
  private final Random random = new Random(5);
  private final PeerId p = TestPeers.random(random);
  private final PeerId q = TestPeers.random(random);

  private ProviderStore store(int max) {
    return new ProviderStore(max, ProviderStore.DEFAULT_VALIDITY, clock);
  }

  @Test
  void providersAreReturnedMostRecentlyAddedFirst() {
    ProviderStore store = store(10);
    assertTrue(store.add(KEY, p, List.of(A1)));
    clock.advance(Duration.ofMinutes(1));
    assertTrue(store.add(KEY, q, List.of(A2)));
    assertEquals(
        List.of(
            new Provider(q, List.of(A2), START.plus(Duration.ofMinutes(1))),
            new Provider(p, List.of(A1), START)),
        store.get(KEY.clone()));
    assertEquals(List.of(), store.get(OTHER_KEY));
    assertEquals(KadPeer.of(q, List.of(A2)), store.get(KEY).get(0).toKadPeer());
    assertEquals(2, store.size());
  }

  @Test
  void addingAgainRefreshesTimeAndAddresses() {
    ProviderStore store = store(10);
    store.add(KEY, p, List.of(A1));
    store.add(KEY, q, List.of(A1));
    clock.advance(Duration.ofHours(30));
    store.add(KEY, p, List.of(A2));
    assertEquals(2, store.size());
    assertEquals(new Provider(p, List.of(A2), clock.instant()), store.get(KEY).get(0));
    clock.advance(Duration.ofHours(20)); // q is 50 h old, p 20 h
    assertEquals(
        List.of(new Provider(p, List.of(A2), START.plus(Duration.ofHours(30)))), store.get(KEY));
    assertEquals(1, store.size());
  }

  @Test
  void providersExpireAfter48Hours() {
    ProviderStore store = store(10);
    store.add(KEY, p, List.of(A1));
    store.add(OTHER_KEY, p, List.of(A1));
    clock.advance(Duration.ofHours(48));
    assertEquals(1, store.get(KEY).size(), "exactly 48 h old is still valid");
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(), store.get(KEY));
    assertEquals(1, store.size());
    assertEquals(1, store.sweepExpired());
    assertEquals(0, store.size());
    assertEquals(0, store.sweepExpired());
  }

  @Test
  void aFullStoreRefusesNewEntriesUntilSomeExpire() {
    ProviderStore store = store(2);
    assertTrue(store.add(KEY, p, List.of(A1)));
    clock.advance(Duration.ofHours(10));
    assertTrue(store.add(OTHER_KEY, q, List.of(A1)));
    PeerId r = TestPeers.random(random);
    assertFalse(store.add(KEY, r, List.of(A1)));
    clock.advance(Duration.ofHours(10));
    assertTrue(store.add(KEY, p, List.of(A2)), "refreshing an entry needs no room");
    assertEquals(2, store.size());
    clock.advance(Duration.ofHours(39)); // q, added at 10 h, expires; p, refreshed at 20 h, not
    assertTrue(store.add(KEY, r, List.of(A1)));
    assertEquals(2, store.size());
    assertEquals(List.of(), store.get(OTHER_KEY));
  }

  @Test
  void argumentsAreChecked() {
    assertThrows(
        IllegalArgumentException.class, () -> new ProviderStore(0, Duration.ofHours(1), clock));
    assertThrows(IllegalArgumentException.class, () -> new ProviderStore(1, Duration.ZERO, clock));
    assertThrows(NullPointerException.class, () -> new ProviderStore().add(KEY, null, List.of()));
  }
}
