package io.kameo.libp2p.internal.kad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.kad.AddResult.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final Random random = new Random(2026);
  private final PeerId self = TestPeers.random(random);

  /** Returns {@code n} random peers that all fall into bucket {@code index} of {@code table}. */
  private List<PeerId> peersInBucket(RoutingTable table, int index, int n) {
    List<PeerId> peers = new ArrayList<>();
    while (peers.size() < n) {
      PeerId p = TestPeers.random(random);
      if (table.bucketIndex(p) == index) {
        peers.add(p);
      }
    }
    return peers;
  }

  private static List<PeerId> bruteForceClosest(List<PeerId> peers, KadKey target, int count) {
    Map<PeerId, KadKey> distances = new HashMap<>();
    for (PeerId p : peers) {
      distances.put(p, target.xor(KadKey.of(p)));
    }
    List<PeerId> sorted = new ArrayList<>(peers);
    sorted.sort(Comparator.comparing(distances::get));
    return sorted.subList(0, Math.min(count, sorted.size()));
  }

  @Test
  void closestEqualsABruteForceSortOverEveryPeer() {
    RoutingTable table = new RoutingTable(self, 1000); // large buckets: every peer gets in
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      PeerId p = TestPeers.random(random);
      peers.add(p);
      assertEquals(Status.ADDED, table.add(p).status());
    }
    assertEquals(400, table.size());
    for (int t = 0; t < 300; t++) {
      KadKey target = t % 3 == 0 ? KadKey.of(peers.get(t)) : TestPeers.randomKey(random);
      List<PeerId> sorted = bruteForceClosest(peers, target, peers.size());
      for (int count : new int[] {1, 3, 20, 57, 400, 500}) {
        assertEquals(
            sorted.subList(0, Math.min(count, sorted.size())),
            table.closest(target, count),
            "count " + count);
      }
    }
    assertEquals(List.of(), table.closest(TestPeers.randomKey(random), 0));
  }

  @Test
  void closestIsExactForTargetsThatShareLongPrefixesWithTheLocalKey() {
    // the deeper buckets are read in an order given by the target's bits, not sorted together:
    // targets c bits from the local key (c = 0..13, the rest random) walk every such order
    RoutingTable table = new RoutingTable(self, 1000);
    List<PeerId> peers = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      PeerId p = TestPeers.random(random);
      peers.add(p);
      table.add(p);
    }
    byte[] local = table.localKey().toBytes();
    for (int c = 0; c < 14; c++) {
      for (int t = 0; t < 20; t++) {
        byte[] bytes = TestPeers.randomKey(random).toBytes();
        for (int bit = 0; bit <= c; bit++) {
          int mask = 0x80 >>> (bit & 7);
          boolean localBit = (local[bit >>> 3] & mask) != 0;
          boolean want = bit == c ? !localBit : localBit;
          bytes[bit >>> 3] = (byte) (want ? bytes[bit >>> 3] | mask : bytes[bit >>> 3] & ~mask);
        }
        KadKey target = KadKey.fromDigest(bytes);
        assertEquals(c, table.localKey().commonPrefixLength(target));
        List<PeerId> sorted = bruteForceClosest(peers, target, peers.size());
        for (int count : new int[] {1, 20, 21, 57, 400}) {
          assertEquals(sorted.subList(0, count), table.closest(target, count), "count " + count);
        }
      }
    }
  }

  @Test
  void closestIsExactWhenBucketsAreFull() {
    RoutingTable table = new RoutingTable(self);
    for (int i = 0; i < 500; i++) {
      table.add(TestPeers.random(random));
    }
    List<PeerId> inTable = table.peers();
    assertTrue(inTable.size() < 500, "some buckets overflowed");
    for (int t = 0; t < 200; t++) {
      KadKey target = TestPeers.randomKey(random);
      assertEquals(bruteForceClosest(inTable, target, 20), table.closest(target, 20));
    }
    // near the local key, the closest peers come from the deepest buckets
    assertEquals(
        bruteForceClosest(inTable, table.localKey(), 20), table.closest(table.localKey(), 20));
  }

  @Test
  void addMovesAKnownPeerToTheMostRecentlySeenEnd() {
    RoutingTable table = new RoutingTable(self);
    List<PeerId> p = peersInBucket(table, 0, 3);
    assertEquals(Status.ADDED, table.add(p.get(0)).status());
    assertEquals(Status.ADDED, table.add(p.get(1)).status());
    assertEquals(Status.ADDED, table.add(p.get(2)).status());
    assertEquals(p, table.bucket(0));
    AddResult again = table.add(p.get(0));
    assertEquals(Status.UPDATED, again.status());
    assertTrue(again.inTable());
    assertNull(again.leastRecentlySeen());
    assertEquals(List.of(p.get(1), p.get(2), p.get(0)), table.bucket(0));
    assertEquals(3, table.size());
  }

  @Test
  void aFullBucketNamesItsLeastRecentlySeenPeerAndStaysUnchanged() {
    RoutingTable table = new RoutingTable(self, 3);
    List<PeerId> p = peersInBucket(table, 0, 5);
    for (int i = 0; i < 3; i++) {
      table.add(p.get(i));
    }
    AddResult full = table.add(p.get(3));
    assertEquals(Status.BUCKET_FULL, full.status());
    assertFalse(full.inTable());
    assertEquals(p.get(0), full.leastRecentlySeen());
    assertEquals(p.subList(0, 3), table.bucket(0));
    assertFalse(table.contains(p.get(3)));

    // p0 answered its ping: it becomes the most recently seen, the candidate is dropped
    assertEquals(Status.UPDATED, table.add(p.get(0)).status());
    assertEquals(p.get(1), table.add(p.get(3)).leastRecentlySeen());

    // p1 did not answer: p3 replaces it
    assertEquals(Status.ADDED, table.replace(p.get(1), p.get(3)).status());
    assertEquals(List.of(p.get(2), p.get(0), p.get(3)), table.bucket(0));
    assertFalse(table.contains(p.get(1)));
    assertEquals(3, table.size());

    // another bucket is not affected by bucket 0 being full
    PeerId other = peersInBucket(table, 1, 1).get(0);
    assertEquals(Status.ADDED, table.add(other).status());
    assertEquals(4, table.size());
  }

  @Test
  void replaceRemovesTheOldPeerEvenIfTheNewOneFindsNoRoom() {
    RoutingTable table = new RoutingTable(self, 2);
    List<PeerId> p = peersInBucket(table, 0, 3);
    List<PeerId> q = peersInBucket(table, 1, 3);
    table.add(p.get(0));
    table.add(p.get(1));
    table.add(q.get(0));
    table.add(q.get(1));
    AddResult r = table.replace(p.get(0), q.get(2)); // different buckets: bucket 1 is still full
    assertEquals(Status.BUCKET_FULL, r.status());
    assertEquals(q.get(0), r.leastRecentlySeen());
    assertFalse(table.contains(p.get(0)));
    assertEquals(3, table.size());
    // an old peer that is already gone: the replacement is simply added
    assertEquals(Status.ADDED, table.replace(p.get(0), p.get(2)).status());
    assertEquals(List.of(p.get(1), p.get(2)), table.bucket(0));
  }

  @Test
  void aFailedPeerStaysUntilItsSecondFailureInARowAndAnAnswerClearsTheCount() {
    RoutingTable table = new RoutingTable(self);
    PeerId a = TestPeers.random(random);
    table.add(a);
    assertFalse(table.failed(a), "first failure: a second chance");
    assertTrue(table.contains(a));
    assertEquals(1, table.failures(a));
    table.add(a); // it answered again
    assertEquals(0, table.failures(a));
    assertFalse(table.failed(a));
    assertTrue(table.failed(a), "second failure in a row: it leaves");
    assertFalse(table.contains(a));
    assertEquals(0, table.size());
    assertEquals(0, table.failures(a));
    assertFalse(table.failed(a), "a peer not in the table is not counted");
    assertFalse(table.failed(self));
  }

  @Test
  void aNewcomerTakesTheFullBucketPlaceOfAPeerThatFailedWithoutAPing() {
    RoutingTable table = new RoutingTable(self, 3);
    List<PeerId> p = peersInBucket(table, 0, 4);
    for (int i = 0; i < 3; i++) {
      table.add(p.get(i));
    }
    assertFalse(table.failed(p.get(1)));
    assertEquals(Status.ADDED, table.add(p.get(3)).status());
    assertEquals(List.of(p.get(0), p.get(2), p.get(3)), table.bucket(0));
    assertFalse(table.contains(p.get(1)));
    assertEquals(3, table.size());
    // no peer of the bucket has failed now: back to pinging the least recently seen
    PeerId q = peersInBucket(table, 0, 1).get(0);
    assertEquals(p.get(0), table.add(q).leastRecentlySeen());
  }

  @Test
  void theLocalPeerIsNeverAdded() {
    RoutingTable table = new RoutingTable(self);
    assertEquals(Status.SELF, table.add(self).status());
    assertFalse(table.contains(self));
    assertFalse(table.remove(self));
    assertEquals(0, table.size());
    assertThrows(IllegalArgumentException.class, () -> table.bucketIndex(self));
    assertEquals(KadKey.of(self), table.localKey());
    assertEquals(Status.SELF, table.replace(TestPeers.random(random), self).status());
  }

  @Test
  void removeTakesAPeerOut() {
    RoutingTable table = new RoutingTable(self);
    PeerId a = TestPeers.random(random);
    PeerId b = TestPeers.random(random);
    table.add(a);
    table.add(b);
    assertTrue(table.remove(a));
    assertFalse(table.remove(a));
    assertFalse(table.contains(a));
    assertTrue(table.contains(b));
    assertEquals(1, table.size());
    assertEquals(List.of(b), table.closest(KadKey.of(a), 5));
  }

  @Test
  void argumentsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new RoutingTable(self, 0));
    RoutingTable table = new RoutingTable(self);
    assertThrows(IllegalArgumentException.class, () -> table.closest(table.localKey(), -1));
    assertThrows(IndexOutOfBoundsException.class, () -> table.bucket(256));
    assertThrows(NullPointerException.class, () -> table.add(null));
    assertEquals(RoutingTable.DEFAULT_K, table.k());
    assertEquals(self, table.self());
  }

  @Test
  void concurrentAddsAndRemovesKeepTheInvariants() throws Exception {
    int k = 4;
    RoutingTable table = new RoutingTable(self, k);
    int threads = 6;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        Random r = new Random(t);
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  List<PeerId> mine = new ArrayList<>();
                  for (int i = 0; i < 2000; i++) {
                    PeerId p = TestPeers.random(r);
                    AddResult result = table.add(p);
                    if (result.inTable()) {
                      mine.add(p);
                    } else if (result.status() == Status.BUCKET_FULL && i % 3 == 0) {
                      table.replace(result.leastRecentlySeen(), p);
                    }
                    if (i % 5 == 0 && !mine.isEmpty()) {
                      table.remove(mine.remove(mine.size() - 1));
                    }
                    table.closest(KadKey.of(p), 20);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    }
    List<PeerId> all = table.peers();
    assertEquals(table.size(), all.size());
    assertEquals(all.size(), new HashSet<>(all).size(), "no duplicates");
    int total = 0;
    for (int i = 0; i < KadKey.BITS; i++) {
      List<PeerId> bucket = table.bucket(i);
      assertTrue(bucket.size() <= k, "bucket " + i + " holds " + bucket.size());
      for (PeerId p : bucket) {
        assertEquals(i, table.bucketIndex(p));
        assertTrue(table.contains(p));
      }
      total += bucket.size();
    }
    assertEquals(table.size(), total);
    Set<PeerId> closest = new HashSet<>(table.closest(table.localKey(), total));
    assertEquals(new HashSet<>(all), closest);
  }
}
