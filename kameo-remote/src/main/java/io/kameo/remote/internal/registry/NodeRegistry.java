package io.kameo.remote.internal.registry;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.remote.error.NameTakenException;
import io.kameo.remote.internal.registry.RegistryEntry.Member;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One node's side of the actor registry: it signs and stores this node's {@link
 * RegistryEntry} for each name it holds, renews them every republish interval, withdraws them (a
 * tombstone entry) when their last actor leaves, and reads and merges other nodes' entries.
 *
 * <p>State: for each name this node holds, whether it is exclusive, since when, and its members;
 * guarded by one {@link ReentrantLock} held only to change that map and to sign the next entry (so
 * versions grow in the order of the states they describe). A second lock per name is held from
 * signing an entry until it is stored, so the publications of one name (a registration, a renewal,
 * a withdrawal) reach the stores in version order and none is refused as a replay of another; it is
 * held across DHT I/O, which is why it is a {@link ReentrantLock} and never the state lock.
 * Renewals run on one scheduler thread and the watches on another (both virtual), each task with a
 * fixed delay, so a slow DHT never piles up work and a slow watch never delays a renewal.
 */
public final class NodeRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistry.class);

  /** One actor registered under a name, as a lookup finds it. */
  public record Holder(
      PeerId peer,
      long incarnation,
      Member member,
      List<Multiaddr> addrs,
      boolean exclusive,
      long sinceMillis) {

    /** What names the actor, whatever its node's addresses: a watch compares holders by it. */
    public record Key(PeerId peer, long incarnation, Member member) {}

    /** Returns the actor's key. */
    public Key key() {
      return new Key(peer, incarnation, member);
    }
  }

  /**
   * A change to a watched name's holders.
   *
   * @param joined true if {@code holder} joined, false if it left
   * @param holder the holder
   */
  public record Change(boolean joined, Holder holder) {}

  private record LocalName(boolean exclusive, long sinceMillis, List<Member> members) {}

  private final Keypair keypair;
  private final Dht dht;
  private final Supplier<List<Multiaddr>> addrs;
  private final Duration recordTtl;
  private final Duration watchInterval;
  private final long incarnation;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, LocalName> names = new HashMap<>();
  private final Map<String, ReentrantLock> publishLocks = new ConcurrentHashMap<>();

  /** Renews this node's entries; apart from the watches, so slow watches never delay renewal. */
  private final ScheduledExecutorService renewals =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("kameo-registry-renewal").factory());

  private final ScheduledExecutorService watches =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("kameo-registry-watch").factory());
  private final AtomicBoolean closed = new AtomicBoolean();
  private long lastVersion;

  /**
   * Creates the registry of a node and starts renewing its names.
   *
   * @param keypair the node's key, which signs its entries
   * @param dht the DHT the entries are stored in
   * @param addrs the node's current addresses
   * @param recordTtl how long a signed entry stays valid
   * @param republishInterval how often the node's entries are signed afresh and stored again
   * @param watchInterval how often a watch looks its name up
   * @param incarnation this start of the node
   */
  public NodeRegistry(
      Keypair keypair,
      Dht dht,
      Supplier<List<Multiaddr>> addrs,
      Duration recordTtl,
      Duration republishInterval,
      Duration watchInterval,
      long incarnation,
      Clock clock) {
    this.keypair = Objects.requireNonNull(keypair, "keypair");
    this.dht = Objects.requireNonNull(dht, "dht");
    this.addrs = Objects.requireNonNull(addrs, "addrs");
    this.recordTtl = Objects.requireNonNull(recordTtl, "recordTtl");
    this.watchInterval = Objects.requireNonNull(watchInterval, "watchInterval");
    this.incarnation = incarnation;
    this.clock = Objects.requireNonNull(clock, "clock");
    long every = republishInterval.toNanos();
    renewals.scheduleWithFixedDelay(this::republish, every, every, TimeUnit.NANOSECONDS);
  }

  /**
   * Registers {@code member} under {@code name}: exclusively, or as one member of a group.
   *
   * @throws NameTakenException if a live registration here or on another node conflicts
   * @throws IllegalArgumentException if the name is empty or too long, or the node already lists
   *     {@link RegistryEntry#MAX_MEMBERS} members under it
   */
  public void register(String name, Member member, boolean exclusive) {
    RegistryEntry.checkName(name);
    PeerId self = keypair.peerId();
    lock.lock();
    try {
      checkLocal(name, exclusive);
    } finally {
      lock.unlock();
    }
    long now = clock.millis();
    for (Holder h : holders(name)) {
      if (!h.peer().equals(self) && (exclusive || h.exclusive())) {
        throw taken(name, h.peer(), h.exclusive());
      }
    }
    ReentrantLock publishing = publishLock(name);
    publishing.lock();
    try {
      RegistryEntry entry;
      lock.lock();
      try {
        checkLocal(name, exclusive);
        LocalName held = names.get(name);
        List<Member> members = new ArrayList<>(held == null ? List.of() : held.members());
        if (members.size() == RegistryEntry.MAX_MEMBERS) {
          throw new IllegalArgumentException(
              "this node already has "
                  + RegistryEntry.MAX_MEMBERS
                  + " actors under \""
                  + name
                  + "\"");
        }
        members.add(member);
        names.put(name, new LocalName(exclusive, held == null ? now : held.sinceMillis(), members));
        entry = signLocked(name);
      } finally {
        lock.unlock();
      }
      try {
        publish(entry);
      } catch (IllegalArgumentException refused) {
        remove(name, member.actorId());
        throw new NameTakenException(
            name, null, "\"" + name + "\" cannot be registered: " + refused.getMessage());
      }
    } finally {
      publishing.unlock();
    }
    if (exclusive) {
      // two nodes may have claimed the name at once; every node resolves it the same way
      List<Holder> now2 = holders(name);
      if (!now2.isEmpty() && !now2.get(0).peer().equals(self)) {
        remove(name, member.actorId());
        throw taken(name, now2.get(0).peer(), now2.get(0).exclusive());
      }
    }
  }

  private void checkLocal(String name, boolean exclusive) {
    LocalName held = names.get(name);
    if (held != null && !held.members().isEmpty() && (exclusive || held.exclusive())) {
      throw new NameTakenException(
          name,
          keypair.peerId(),
          "\""
              + name
              + "\" is already registered on this node"
              + (held.exclusive()
                  ? " (exclusively) by actor " + held.members().get(0).actorId()
                  : " as a group"));
    }
  }

  private static NameTakenException taken(String name, PeerId holder, boolean exclusive) {
    return new NameTakenException(
        name,
        holder,
        "\""
            + name
            + "\" is held by "
            + (exclusive ? "an exclusive registration" : "a group")
            + " on live node "
            + holder);
  }

  /**
   * Withdraws {@code actorId} from {@code name} (it stopped); publishes the node's new entry, a
   * tombstone if it was the last member. Returns whether it was registered there.
   */
  public boolean remove(String name, long actorId) {
    return withdraw(name, m -> m.actorId() == actorId);
  }

  /** Withdraws every actor of this node from {@code name}; returns whether there was one. */
  public boolean unregister(String name) {
    return withdraw(name, m -> true);
  }

  /**
   * Takes the members that {@code leaving} selects out of {@code name} and publishes the node's new
   * entry for it, a tombstone if none is left; returns whether any member left.
   */
  private boolean withdraw(String name, Predicate<Member> leaving) {
    ReentrantLock publishing = publishLock(name);
    publishing.lock();
    try {
      RegistryEntry entry;
      lock.lock();
      try {
        LocalName held = names.get(name);
        if (held == null || held.members().stream().noneMatch(leaving)) {
          return false;
        }
        List<Member> left = held.members().stream().filter(leaving.negate()).toList();
        names.put(name, new LocalName(held.exclusive(), held.sinceMillis(), left));
        entry = signLocked(name);
        if (left.isEmpty()) {
          names.remove(name);
        }
      } finally {
        lock.unlock();
      }
      publishQuietly(entry);
      return true;
    } finally {
      publishing.unlock();
    }
  }

  /**
   * Returns the lock that orders the publications of {@code name}: held from signing an entry until
   * it is stored, so this node's own store never sees its versions out of order (it would refuse an
   * older one as a replay).
   */
  private ReentrantLock publishLock(String name) {
    return publishLocks.computeIfAbsent(name, n -> new ReentrantLock());
  }

  /**
   * Returns every live holder of {@code name} across the network, oldest claim first, checked as
   * {@link NameRecord#merge} and {@link NameRecord#holders} say.
   */
  public List<Holder> holders(String name) {
    RegistryEntry.checkName(name);
    long now = clock.millis();
    NameRecord view = NameRecord.merge(name, dht.getValues(NameRecord.key(name)), now);
    List<Holder> out = new ArrayList<>();
    for (RegistryEntry e : view.holders(now)) {
      for (Member m : e.members()) {
        out.add(
            new Holder(e.peer(), e.incarnation(), m, e.addrs(), e.exclusive(), e.sinceMillis()));
      }
    }
    return out;
  }

  /**
   * Watches {@code name}: looks it up once before returning, then every watch interval, and calls
   * {@code listener}, on the registry's watch thread and one change at a time, first with each
   * holder of that first look (as joined), then with each holder that joined or left since the
   * previous look. So every change after {@code watch} returns is reported. Returns what ends the
   * watch: once it returns, the listener is not called again.
   */
  public Runnable watch(String name, Consumer<Change> listener) {
    RegistryEntry.checkName(name);
    Objects.requireNonNull(listener, "listener");
    Map<Holder.Key, Holder> first = byKey(holders(name));
    Map<Holder.Key, Holder> seen = new LinkedHashMap<>();
    AtomicBoolean stopped = new AtomicBoolean();
    AtomicBoolean started = new AtomicBoolean();
    // seen is touched only by the look task, which the timer runs one run at a time (fixed delay):
    // each run happens-before the next, so no lock is needed
    Runnable look =
        () -> {
          if (stopped.get()) {
            return;
          }
          Map<Holder.Key, Holder> now;
          if (started.compareAndSet(false, true)) {
            now = first;
          } else {
            try {
              now = byKey(holders(name));
            } catch (RuntimeException e) {
              LOG.debug("watch of \"{}\": lookup failed: {}", name, e.toString());
              return;
            }
          }
          for (Map.Entry<Holder.Key, Holder> h : seen.entrySet()) {
            if (!now.containsKey(h.getKey())) {
              notify(listener, new Change(false, h.getValue()), stopped);
            }
          }
          for (Map.Entry<Holder.Key, Holder> h : now.entrySet()) {
            if (!seen.containsKey(h.getKey())) {
              notify(listener, new Change(true, h.getValue()), stopped);
            }
          }
          seen.clear();
          seen.putAll(now);
        };
    long every = watchInterval.toNanos();
    ScheduledFuture<?> task = watches.scheduleWithFixedDelay(look, 0, every, TimeUnit.NANOSECONDS);
    return () -> {
      stopped.set(true);
      task.cancel(false);
    };
  }

  private static Map<Holder.Key, Holder> byKey(List<Holder> holders) {
    Map<Holder.Key, Holder> out = new LinkedHashMap<>();
    holders.forEach(h -> out.put(h.key(), h));
    return out;
  }

  private static void notify(Consumer<Change> listener, Change change, AtomicBoolean stopped) {
    if (stopped.get()) {
      return;
    }
    try {
      listener.accept(change);
    } catch (RuntimeException e) {
      LOG.warn("a registry watch listener threw on {}", change, e);
    }
  }

  /** Returns whether {@code actorId} holds any name here. */
  public boolean holdsActor(long actorId) {
    lock.lock();
    try {
      return names.values().stream()
          .anyMatch(n -> n.members().stream().anyMatch(m -> m.actorId() == actorId));
    } finally {
      lock.unlock();
    }
  }

  /** Returns the names this node holds now. */
  public Set<String> names() {
    lock.lock();
    try {
      return Set.copyOf(names.keySet());
    } finally {
      lock.unlock();
    }
  }

  /** Signs the node's current entry for {@code name}; the lock is held. */
  private RegistryEntry signLocked(String name) {
    LocalName held = names.get(name);
    long now = clock.millis();
    // versions grow with the wall clock, so they keep growing across restarts with the same key
    lastVersion = Math.max(now, lastVersion + 1);
    return RegistryEntry.sign(
        keypair,
        name,
        incarnation,
        lastVersion,
        held.sinceMillis(),
        now + recordTtl.toMillis(),
        held.exclusive(),
        held.members(),
        addrs.get());
  }

  /** Stores {@code entry} here and on the closest peers; refused here: IllegalArgumentException. */
  private void publish(RegistryEntry entry) {
    int acks = dht.putValue(NameRecord.key(entry.name()), new NameRecord(List.of(entry)).encode());
    LOG.debug("registry: {} stored on {} peers", entry, acks);
  }

  private void publishQuietly(RegistryEntry entry) {
    try {
      publish(entry);
    } catch (IllegalArgumentException | IllegalStateException | RemoteException e) {
      LOG.warn("registry: could not store {}: {}", entry, e.getMessage());
    }
  }

  private void republish() {
    // all names at once: a round takes about one put, however many names the node holds
    try (ExecutorService puts = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String name : names()) {
        puts.execute(() -> renew(name));
      }
    }
  }

  private void renew(String name) {
    ReentrantLock publishing = publishLock(name);
    publishing.lock();
    try {
      RegistryEntry entry;
      lock.lock();
      try {
        if (!names.containsKey(name)) {
          return; // withdrawn meanwhile
        }
        entry = signLocked(name);
      } finally {
        lock.unlock();
      }
      publishQuietly(entry);
    } finally {
      publishing.unlock();
    }
  }

  /**
   * Stops renewing and watching, and withdraws every name this node holds (best effort: a node that
   * cannot reach its peers leaves its names to expire). Returns only after every withdrawal begun
   * before, on any thread, has been stored too: an actor that stopped just before the close
   * publishes its tombstone on its own thread, and a swarm closes its host right after this.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      renewals.shutdownNow();
      watches.shutdownNow();
      // not names(): a withdrawal in flight has taken its name out of that map already, but holds
      // the name's publish lock until its tombstone is stored, and unregister waits for that lock
      for (String name : publishLocks.keySet()) {
        unregister(name);
      }
    }
  }
}
