package io.kameo.actors;

import io.kameo.ActorId;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The subscriptions of one fan-out actor: (key, subscriber) entries, read without a lock by
 * publishers and changed under a lock, each subscriber watched so that it is dropped as soon as its
 * actor stops.
 *
 * <p>Memory consistency effects: an entry added (under the lock) is written into a new array that
 * is then published through the volatile {@code entries}; a publisher that reads the array sees
 * every entry in it fully built. A publish that read the array before a change still delivers to
 * the old set; one that reads it after sees the new set.
 *
 * <p>Death-watch: the first time an actor subscribes, a callback on its {@code shutdown()} stage
 * removes all its entries; no polling. The callback runs once, on whatever thread completes the
 * stage (or at once, if the actor has stopped already), and only takes the lock briefly.
 *
 * @param <K> what an entry is keyed by besides its subscriber (a topic pattern, a type, a queue)
 * @param <M> the message type
 */
final class Subscriptions<K, M> {
  /**
   * One subscription.
   *
   * @param key what it is keyed by (may be null when the owner has no key)
   * @param subscriber who receives
   */
  record Entry<K, M>(K key, Subscriber<M> subscriber) {}

  private static final Entry<?, ?>[] NONE = new Entry<?, ?>[0];

  private final ReentrantLock lock = new ReentrantLock();

  /** Copy-on-write: never changed once published; replaced under {@code lock}. */
  private volatile Entry<?, ?>[] entries = NONE;

  /** The actors whose shutdown is watched; guarded by {@code lock}. */
  private final Set<ActorId> watched = new HashSet<>();

  /** Returns the current entries; the array must not be changed. */
  @SuppressWarnings("unchecked")
  Entry<K, M>[] snapshot() {
    return (Entry<K, M>[]) entries; // only Entry<K, M> are ever added
  }

  /** Returns the number of entries. */
  int size() {
    return entries.length;
  }

  /**
   * Adds the entry ({@code key}, {@code subscriber}) unless it exists; returns whether it was
   * added. An actor that has already stopped is not added.
   */
  boolean add(K key, Subscriber<M> subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    if (!subscriber.actor().isAlive()) {
      return false;
    }
    ActorId id = subscriber.id();
    boolean watch;
    lock.lock();
    try {
      Entry<?, ?>[] old = entries;
      for (Entry<?, ?> e : old) {
        if (Objects.equals(e.key(), key) && e.subscriber().equals(subscriber)) {
          return false;
        }
      }
      Entry<?, ?>[] grown = Arrays.copyOf(old, old.length + 1);
      grown[old.length] = new Entry<>(key, subscriber);
      entries = grown;
      watch = watched.add(id);
    } finally {
      lock.unlock();
    }
    if (watch) {
      // outside the lock: a stage already complete runs the callback here, at once
      subscriber.actor().shutdown().whenComplete((result, error) -> actorStopped(id));
    }
    return true;
  }

  /** Removes the entries of actor {@code id} with {@code key}; returns whether there were any. */
  boolean remove(K key, ActorId id) {
    return removeIf(e -> Objects.equals(e.key(), key) && e.subscriber().id().equals(id));
  }

  /** Removes every entry of actor {@code id}; returns whether there were any. */
  boolean removeAll(ActorId id) {
    return removeIf(e -> e.subscriber().id().equals(id));
  }

  /** Removes the entries {@code which} accepts; returns whether there were any. */
  boolean removeIf(Predicate<? super Entry<K, M>> which) {
    lock.lock();
    try {
      Entry<K, M>[] old = snapshot();
      Entry<?, ?>[] kept = new Entry<?, ?>[old.length];
      int n = 0;
      for (Entry<K, M> e : old) {
        if (!which.test(e)) {
          kept[n++] = e;
        }
      }
      if (n == old.length) {
        return false;
      }
      entries = n == 0 ? NONE : Arrays.copyOf(kept, n);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void actorStopped(ActorId id) {
    lock.lock();
    try {
      watched.remove(id);
      removeAll(id); // reentrant
    } finally {
      lock.unlock();
    }
  }
}
