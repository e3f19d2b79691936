package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * INTERNAL API. The Kademlia routing table of the local peer: 256 buckets of at most k peers, a
 * peer going into the bucket numbered by the length of the prefix its {@link KadKey} shares with
 * the local key (bucket 0 holds the farthest half of the key space, bucket 255 the closest peers).
 * Each bucket is ordered from least to most recently seen.
 *
 * <p>The table only decides membership; it does no I/O. Whoever adds peers (after they answered a
 * request, as js-libp2p does) handles {@link AddResult.Status#BUCKET_FULL} by pinging {@link
 * AddResult#leastRecentlySeen()} and then calling {@link #add} or {@link #replace}. Addresses are
 * kept elsewhere (the host's peer store). The local peer is never added.
 *
 * <p>A peer that fails a request gets a second chance ({@link #failed}): it stays until it fails
 * {@link #MAX_FAILURES} requests in a row, and any sign of life ({@link #add}) clears its count. A
 * peer with a failure on its count is the first to give way when its bucket is full: a newcomer
 * takes its place at once, without a ping.
 *
 * <p>Thread-safety: every method is atomic, guarded by one {@link
 * java.util.concurrent.locks.ReentrantLock} held only for the in-memory update (never across I/O),
 * so it can be called from any number of virtual threads. A change made by one thread is visible to
 * every call that starts after it returned.
 *
 * <p>Methods throw {@link NullPointerException} for null arguments.
 */
public final class RoutingTable {
  /** The replication parameter and bucket size of the spec and of js-libp2p and go-libp2p. */
  public static final int DEFAULT_K = 20;

  /** How many requests in a row a peer may fail before it leaves the table. */
  public static final int MAX_FAILURES = 2;

  private final PeerId self;
  private final KadKey selfKey;
  private final int k;
  private final Guard guard = new Guard();

  /** Bucket i maps the peers whose common prefix with the local key is i bits to their keys. */
  private final List<LinkedHashMap<PeerId, KadKey>> buckets = new ArrayList<>(KadKey.BITS);

  /** The peers of the table that failed their last requests, with how many in a row. */
  private final Map<PeerId, Integer> failures = new HashMap<>();

  private int size;

  /** Creates an empty table for the local peer {@code self} with buckets of {@link #DEFAULT_K}. */
  public RoutingTable(PeerId self) {
    this(self, DEFAULT_K);
  }

  /**
   * Creates an empty table for the local peer {@code self} with buckets of {@code k} peers.
   *
   * @throws IllegalArgumentException if {@code k} is less than 1
   */
  public RoutingTable(PeerId self, int k) {
    this.self = Objects.requireNonNull(self, "self");
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1: " + k);
    }
    this.selfKey = KadKey.of(self);
    this.k = k;
    for (int i = 0; i < KadKey.BITS; i++) {
      buckets.add(new LinkedHashMap<>());
    }
  }

  /** Returns the local peer. */
  public PeerId self() {
    return self;
  }

  /** Returns the key of the local peer. */
  public KadKey localKey() {
    return selfKey;
  }

  /** Returns the bucket size k. */
  public int k() {
    return k;
  }

  /**
   * Returns the bucket {@code peer} belongs in: the length of the prefix its key shares with the
   * local key, 0 to 255.
   *
   * @throws IllegalArgumentException if {@code peer} is the local peer
   */
  public int bucketIndex(PeerId peer) {
    if (peer.equals(self)) {
      throw new IllegalArgumentException("the local peer has no bucket: " + peer);
    }
    return selfKey.commonPrefixLength(KadKey.of(peer));
  }

  /**
   * Marks {@code peer} as seen just now: moves it to the most-recently-seen end of its bucket if it
   * is there ({@code UPDATED}), adds it if the bucket has room ({@code ADDED}), and otherwise
   * leaves the table unchanged and returns {@code BUCKET_FULL} with the bucket's
   * least-recently-seen peer. Returns {@code SELF} for the local peer.
   */
  public AddResult add(PeerId peer) {
    if (peer.equals(self)) {
      return AddResult.SELF;
    }
    KadKey key = KadKey.of(peer);
    LinkedHashMap<PeerId, KadKey> bucket = buckets.get(selfKey.commonPrefixLength(key));
    return guard.call(() -> addLocked(bucket, peer, key));
  }

  /**
   * Removes {@code old} (a least-recently-seen peer that did not answer a ping) if it is still in
   * the table, then adds {@code replacement} as {@link #add} does, and returns the result of that
   * add. {@code old} is removed even if {@code replacement} then finds its bucket full (for example
   * because another peer took the free place first).
   */
  public AddResult replace(PeerId old, PeerId replacement) {
    Objects.requireNonNull(old, "old");
    if (replacement.equals(self)) {
      remove(old);
      return AddResult.SELF;
    }
    KadKey key = KadKey.of(replacement);
    LinkedHashMap<PeerId, KadKey> bucket = buckets.get(selfKey.commonPrefixLength(key));
    return guard.call(
        () -> {
          removeLocked(old);
          return addLocked(bucket, replacement, key);
        });
  }

  /**
   * Counts a failed request of {@code peer} (an error or a timeout): it leaves the table on its
   * {@link #MAX_FAILURES}th failure in a row. Returns whether it left; false as well if it was not
   * in the table.
   */
  public boolean failed(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    int index = selfKey.commonPrefixLength(KadKey.of(peer));
    return guard.call(
        () -> {
          if (!buckets.get(index).containsKey(peer)) {
            return false;
          }
          int count = failures.merge(peer, 1, Integer::sum);
          return count >= MAX_FAILURES && removeLocked(peer);
        });
  }

  /** Returns how many requests in a row {@code peer} has failed (0 if it is not in the table). */
  public int failures(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    return guard.call(() -> failures.getOrDefault(peer, 0));
  }

  /** Removes {@code peer} and returns whether it was in the table. */
  public boolean remove(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    return guard.call(() -> removeLocked(peer));
  }

  /** Returns whether {@code peer} is in the table. */
  public boolean contains(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    int index = selfKey.commonPrefixLength(KadKey.of(peer));
    return guard.call(() -> buckets.get(index).containsKey(peer));
  }

  /** Returns the number of peers in the table. */
  public int size() {
    return guard.call(() -> size);
  }

  /**
   * Returns a snapshot of bucket {@code index}, least recently seen first.
   *
   * @throws IndexOutOfBoundsException unless {@code index} is 0 to 255
   */
  public List<PeerId> bucket(int index) {
    Objects.checkIndex(index, KadKey.BITS);
    return guard.call(() -> List.copyOf(buckets.get(index).keySet()));
  }

  /** Returns a snapshot of every peer in the table, in bucket order. */
  public List<PeerId> peers() {
    return guard.call(
        () -> {
          List<PeerId> all = new ArrayList<>(size);
          for (LinkedHashMap<PeerId, KadKey> bucket : buckets) {
            all.addAll(bucket.keySet());
          }
          return all;
        });
  }

  /**
   * Returns the {@code count} peers of the table closest to {@code target} by XOR distance, closest
   * first (fewer if the table holds fewer). The result is exact. To answer {@code FIND_NODE}
   * without the requester, ask for one more and drop it.
   *
   * <p>Whole buckets are in order of distance, so only the buckets that can hold one of the closest
   * are read and each is sorted on its own (an insertion sort, no copy of the bucket). With {@code
   * d} the XOR of the local key and {@code target} and {@code c} the length of their common prefix
   * (the first bit set in {@code d}): a peer of bucket {@code c} shares more than {@code c} bits
   * with the target, so that bucket comes first; a peer of a deeper bucket {@code j} shares exactly
   * {@code c}, and its distance agrees with every deeper bucket's down to bit {@code j}, where it
   * is the complement of bit {@code j} of {@code d}: so bucket {@code j} is closer than every
   * deeper bucket if that bit is 1 and farther if it is 0, which orders the deeper buckets as those
   * with a 1 from shallow to deep, then those with a 0 from deep to shallow; last come buckets
   * {@code c - 1} down to 0 (a peer of bucket {@code i < c} shares exactly {@code i} bits). The
   * walk stops at the bucket that completes the count.
   *
   * @throws IllegalArgumentException if {@code count} is negative
   */
  public List<PeerId> closest(KadKey target, int count) {
    Objects.requireNonNull(target, "target");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
    if (count == 0) {
      return List.of();
    }
    int c = selfKey.commonPrefixLength(target);
    List<PeerId> result = new ArrayList<>(Math.min(count, 4 * k));
    guard.call(
        () -> {
          if (c < KadKey.BITS) {
            takeBucket(c, target, result, count);
            for (int j = c + 1; j < KadKey.BITS && result.size() < count; j++) {
              if (selfKey.bitDiffers(target, j)) {
                takeBucket(j, target, result, count);
              }
            }
          }
          for (int j = KadKey.BITS - 1; j > c && result.size() < count; j--) {
            if (!selfKey.bitDiffers(target, j)) {
              takeBucket(j, target, result, count);
            }
          }
          for (int i = Math.min(c, KadKey.BITS) - 1; i >= 0 && result.size() < count; i--) {
            takeBucket(i, target, result, count);
          }
          return null;
        });
    return result;
  }

  /**
   * Appends bucket {@code index}'s peers to {@code result}, closest to {@code target} first, until
   * it holds {@code count}: an insertion sort that keeps only as many as are still wanted (a bucket
   * holds at most k peers).
   */
  private void takeBucket(int index, KadKey target, List<PeerId> result, int count) {
    LinkedHashMap<PeerId, KadKey> bucket = buckets.get(index);
    int want = Math.min(bucket.size(), count - result.size());
    if (want <= 0) {
      return;
    }
    PeerId[] ids = new PeerId[want];
    KadKey[] keys = new KadKey[want];
    int held = 0;
    for (Map.Entry<PeerId, KadKey> e : bucket.entrySet()) {
      KadKey key = e.getValue();
      if (held == want && target.compareDistance(key, keys[held - 1]) >= 0) {
        continue;
      }
      int i = held < want ? held++ : want - 1;
      while (i > 0 && target.compareDistance(key, keys[i - 1]) < 0) {
        keys[i] = keys[i - 1];
        ids[i] = ids[i - 1];
        i--;
      }
      keys[i] = key;
      ids[i] = e.getKey();
    }
    for (int i = 0; i < held; i++) {
      result.add(ids[i]);
    }
  }

  private AddResult addLocked(LinkedHashMap<PeerId, KadKey> bucket, PeerId peer, KadKey key) {
    if (bucket.remove(peer) != null) {
      bucket.put(peer, key);
      failures.remove(peer);
      return AddResult.UPDATED;
    }
    if (bucket.size() >= k) {
      PeerId failing = null;
      for (PeerId p : failures.isEmpty() ? List.<PeerId>of() : bucket.keySet()) {
        if (failures.containsKey(p)) {
          failing = p; // the least recently seen of the peers that failed their last request
          break;
        }
      }
      if (failing == null) {
        return new AddResult(AddResult.Status.BUCKET_FULL, bucket.keySet().iterator().next());
      }
      bucket.remove(failing);
      failures.remove(failing);
      size--;
    }
    bucket.put(peer, key);
    size++;
    return AddResult.ADDED;
  }

  private boolean removeLocked(PeerId peer) {
    if (peer.equals(self)) {
      return false;
    }
    int index = selfKey.commonPrefixLength(KadKey.of(peer));
    if (buckets.get(index).remove(peer) != null) {
      failures.remove(peer);
      size--;
      return true;
    }
    return false;
  }
}
