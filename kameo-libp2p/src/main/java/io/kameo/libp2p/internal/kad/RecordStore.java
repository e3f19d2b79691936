package io.kameo.libp2p.internal.kad;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API. The local store of {@code PUT_VALUE} records: record key to {@link KadRecord},
 * stamped with the time it was stored. Records older than the maximum age ({@link
 * #DEFAULT_MAX_AGE}, 48 h as in js-libp2p kad-dht 15) are dropped when read and by {@link
 * #sweepExpired()}. The store is bounded by a number of records and a number of key and value
 * bytes; a {@link #put} that would exceed either is refused.
 *
 * <p>The store does not validate records (namespaces, signatures); the DHT service does that before
 * {@link #put}.
 *
 * <p>Thread-safety: every method is atomic, guarded by one {@link java.util.concurrent.locks.Lock}
 * held only for the in-memory update; a put happens-before every get that sees it. Methods throw
 * {@link NullPointerException} for null arguments.
 */
public final class RecordStore {
  /** How long a record stays valid after it was stored: 48 hours. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(48);

  /** The default bound on the number of records. */
  public static final int DEFAULT_MAX_RECORDS = 1024;

  /** The default bound on the key and value bytes of all records together: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  private record Entry(KadRecord record, Instant stored) {}

  private final int maxRecords;
  private final long maxBytes;
  private final Duration maxAge;
  private final Clock clock;
  private final Guard guard = new Guard();
  private final Map<ByteBuffer, Entry> records = new HashMap<>();
  private long bytes;

  /** Creates a store with the default bounds and maximum age, on the system UTC clock. */
  public RecordStore() {
    this(DEFAULT_MAX_RECORDS, DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE, Clock.systemUTC());
  }

  /**
   * Creates a store.
   *
   * @param maxRecords the most records held
   * @param maxBytes the most key and value bytes held, all records together
   * @param maxAge how long a record stays valid after it was stored
   * @param clock the time source, injectable for tests
   * @throws IllegalArgumentException if a bound or the age is not positive
   */
  public RecordStore(int maxRecords, long maxBytes, Duration maxAge, Clock clock) {
    if (maxRecords < 1 || maxBytes < 1) {
      throw new IllegalArgumentException(
          "maxRecords and maxBytes must be positive: " + maxRecords + ", " + maxBytes);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive: " + maxAge);
    }
    this.maxRecords = maxRecords;
    this.maxBytes = maxBytes;
    this.maxAge = maxAge;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores {@code record} under its own {@link KadRecord#key()} (the key js-libp2p uses, not the
   * message key), replacing any record with that key, with {@code timeReceived} set to now (a
   * receiver sets it, as js-libp2p does). Returns false, leaving the store unchanged, if the record
   * does not fit the bounds even after expired records were dropped.
   */
  public boolean put(KadRecord record) {
    Instant now = clock.instant();
    KadRecord stamped = record.withTimeReceived(now);
    ByteBuffer key = ByteBuffer.wrap(record.key().clone());
    long size = weight(record);
    return guard.call(
        () -> {
          if (!fits(key, size)) {
            sweepLocked(now);
            if (!fits(key, size)) {
              return false;
            }
          }
          Entry old = records.put(key, new Entry(stamped, now));
          bytes += size - (old == null ? 0 : weight(old.record));
          return true;
        });
  }

  /**
   * Returns the record stored under {@code key}, its {@code timeReceived} the time it was stored,
   * or empty if there is none or it is older than the maximum age (it is then removed).
   */
  public Optional<KadRecord> get(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    Instant now = clock.instant();
    return guard.call(
        () -> {
          Entry e = records.get(k);
          if (e != null && expired(e, now)) {
            removeLocked(k);
            return Optional.empty();
          }
          return Optional.ofNullable(e).map(Entry::record);
        });
  }

  /** Removes the record stored under {@code key} and returns whether there was one. */
  public boolean remove(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    return guard.call(() -> removeLocked(k));
  }

  /** Removes every record older than the maximum age and returns how many there were. */
  public int sweepExpired() {
    Instant now = clock.instant();
    return guard.call(() -> sweepLocked(now));
  }

  /** Returns the number of records held, expired ones not yet swept included. */
  public int size() {
    return guard.call(records::size);
  }

  /** Returns whether a record of {@code size} bytes stored under {@code key} fits the bounds. */
  private boolean fits(ByteBuffer key, long size) {
    Entry old = records.get(key);
    int count = records.size() + (old == null ? 1 : 0);
    long total = bytes + size - (old == null ? 0 : weight(old.record));
    return count <= maxRecords && total <= maxBytes;
  }

  private boolean expired(Entry e, Instant now) {
    return Duration.between(e.stored, now).compareTo(maxAge) > 0;
  }

  private boolean removeLocked(ByteBuffer key) {
    Entry e = records.remove(key);
    if (e == null) {
      return false;
    }
    bytes -= weight(e.record);
    return true;
  }

  private int sweepLocked(Instant now) {
    int removed = 0;
    for (Iterator<Entry> it = records.values().iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (expired(e, now)) {
        it.remove();
        bytes -= weight(e.record);
        removed++;
      }
    }
    return removed;
  }

  private static long weight(KadRecord record) {
    return (long) record.key().length + record.value().length;
  }
}
