package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * INTERNAL API. The local store of provider records: key (a CID's multihash bytes, as js-libp2p
 * stores them) to the peers that announced with {@code ADD_PROVIDER} that they provide it.
 *
 * <p>A provider expires {@link #DEFAULT_VALIDITY} (48 h, as in js-libp2p and go-libp2p; the spec
 * text says 24 h) after it was last added: expired providers are left out of {@link #get} and
 * removed by it and by {@link #sweepExpired()}. Adding a provider again refreshes its time and
 * addresses. The store is bounded by a total number of (key, provider) entries; adding a new entry
 * beyond it is refused. The store does not check who announces; the DHT service accepts only
 * providers whose id is the sender's and that carry an address.
 *
 * <p>Thread-safety: every method is atomic, guarded by one {@link java.util.concurrent.locks.Lock}
 * held only for the in-memory update; an add happens-before every get that sees it. Methods throw
 * {@link NullPointerException} for null arguments.
 */
public final class ProviderStore {
  /** How long a provider stays valid after it was added: 48 hours. */
  public static final Duration DEFAULT_VALIDITY = Duration.ofHours(48);

  /** The default bound on the number of (key, provider) entries. */
  public static final int DEFAULT_MAX_PROVIDERS = 10_000;

  private final int maxProviders;
  private final Duration validity;
  private final Clock clock;
  private final Guard guard = new Guard();

  /** Per key, the providers in the order they were last added. */
  private final Map<ByteBuffer, LinkedHashMap<PeerId, Provider>> providers = new HashMap<>();

  private int size;

  /** Creates a store with the default bound and validity, on the system UTC clock. */
  public ProviderStore() {
    this(DEFAULT_MAX_PROVIDERS, DEFAULT_VALIDITY, Clock.systemUTC());
  }

  /**
   * Creates a store.
   *
   * @param maxProviders the most (key, provider) entries held
   * @param validity how long a provider stays valid after it was added
   * @param clock the time source, injectable for tests
   * @throws IllegalArgumentException if the bound or the validity is not positive
   */
  public ProviderStore(int maxProviders, Duration validity, Clock clock) {
    if (maxProviders < 1) {
      throw new IllegalArgumentException("maxProviders must be positive: " + maxProviders);
    }
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive: " + validity);
    }
    this.maxProviders = maxProviders;
    this.validity = validity;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records that {@code provider}, reachable at {@code addrs}, provides {@code key}, as of now.
   * Returns false, leaving the store unchanged, if that is a new entry and the store is full even
   * after expired entries were dropped.
   */
  public boolean add(byte[] key, PeerId provider, List<Multiaddr> addrs) {
    Objects.requireNonNull(provider, "provider");
    Instant now = clock.instant();
    Provider entry = new Provider(provider, addrs, now);
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    return guard.call(
        () -> {
          LinkedHashMap<PeerId, Provider> forKey = providers.get(k);
          if (forKey != null && forKey.remove(provider) != null) {
            forKey.put(provider, entry);
            return true;
          }
          if (size >= maxProviders) {
            sweepLocked(now);
            if (size >= maxProviders) {
              return false;
            }
          }
          providers.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(provider, entry);
          size++;
          return true;
        });
  }

  /**
   * Returns the unexpired providers of {@code key}, most recently added first; expired ones are
   * removed.
   */
  public List<Provider> get(byte[] key) {
    ByteBuffer k = ByteBuffer.wrap(key.clone());
    Instant now = clock.instant();
    return guard.call(
        () -> {
          LinkedHashMap<PeerId, Provider> forKey = providers.get(k);
          if (forKey == null) {
            return List.of();
          }
          size -= removeExpired(forKey, now);
          if (forKey.isEmpty()) {
            providers.remove(k);
          }
          return List.copyOf(new ArrayList<>(forKey.values()).reversed());
        });
  }

  /** Removes every expired provider and returns how many there were. */
  public int sweepExpired() {
    Instant now = clock.instant();
    return guard.call(() -> sweepLocked(now));
  }

  /** Returns the number of (key, provider) entries held, expired ones not yet swept included. */
  public int size() {
    return guard.call(() -> size);
  }

  private int sweepLocked(Instant now) {
    int removed = 0;
    for (Iterator<LinkedHashMap<PeerId, Provider>> it = providers.values().iterator();
        it.hasNext(); ) {
      LinkedHashMap<PeerId, Provider> forKey = it.next();
      removed += removeExpired(forKey, now);
      if (forKey.isEmpty()) {
        it.remove();
      }
    }
    size -= removed;
    return removed;
  }

  /** Removes the expired providers of one key, which are the oldest, and returns how many. */
  private int removeExpired(LinkedHashMap<PeerId, Provider> forKey, Instant now) {
    int removed = 0;
    for (Iterator<Provider> it = forKey.values().iterator(); it.hasNext(); ) {
      Provider p = it.next();
      if (Duration.between(p.added(), now).compareTo(validity) <= 0) {
        break; // entries are in the order added: the rest are newer
      }
      it.remove();
      removed++;
    }
    return removed;
  }
}
