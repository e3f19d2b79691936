package io.kameo.sim;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.kad.KadCore;
import io.kameo.libp2p.internal.kad.KadLookup;
import io.kameo.libp2p.internal.kad.KadMessage;
import io.kameo.libp2p.internal.kad.KadRecord;
import io.kameo.remote.internal.registry.NameRecord;
import io.kameo.remote.internal.registry.RegistryEntry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The registry's use of the DHT, simulated: a node signs a {@link RegistryEntry} for its name and
 * stores it as a one-entry {@link NameRecord} (the bytes {@code NodeRegistry} stores), signs it
 * afresh and stores it again every republish interval while it lives, and a lookup reads the value
 * as {@code Dht.getValue} does and checks it as {@code NodeRegistry.holders} does ({@link
 * NameRecord#merge}, signatures included, then {@link NameRecord#holders}). The reader's merge runs
 * once per distinct value found (the value's signatures are checked once, not by every reader; the
 * stores' validator checks every put it receives).
 *
 * <p>{@code NodeRegistry} itself is not run: it blocks a thread on each DHT call and renews on a
 * scheduler thread. What this class repeats of it is the schedule (renew every {@code
 * republishInterval}, entries valid for {@code recordTtl}) and the version rule; the record format,
 * signing, merging, expiry and the stores' validator are the registry's own code.
 */
final class SimRegistry {
  /** The outcome of one name lookup. */
  record Found(boolean holderFound, PeerId holder, int hops, int requests, List<PeerId> converged) {
    Found(boolean holderFound, PeerId holder, int hops, int requests) {
      this(holderFound, holder, hops, requests, List.of());
    }
  }

  private final SimNetwork net;

  /** What {@link NameRecord#merge} made of each distinct value a reader found (see check). */
  private final Map<ByteBuffer, NameRecord> merged = new HashMap<>();

  private final Duration recordTtl;
  private final Duration republishInterval;

  SimRegistry(SimNetwork net, Duration recordTtl, Duration republishInterval) {
    this.net = net;
    this.recordTtl = recordTtl;
    this.republishInterval = republishInterval;
  }

  /** Returns the name node {@code index} registers. */
  static String nameOf(int index) {
    return "service-" + index;
  }

  /**
   * Registers {@code node}'s name exclusively and renews it every republish interval while the node
   * lives; {@code done} gets the number of peers that stored the first publication.
   */
  void register(SimNode node, Consumer<Integer> done) {
    long since = net.clock.millis();
    publish(node, since, done);
  }

  private void publish(SimNode node, long since, Consumer<Integer> done) {
    String name = nameOf(node.index);
    long now = net.clock.millis();
    node.lastVersion = Math.max(now, node.lastVersion + 1);
    RegistryEntry entry =
        RegistryEntry.sign(
            node.keypair,
            name,
            1,
            node.lastVersion,
            since,
            now + recordTtl.toMillis(),
            true,
            List.of(new RegistryEntry.Member(1, "Service")),
            node.addrs);
    byte[] value = new NameRecord(List.of(entry)).encode();
    net.putValue(node, NameRecord.key(name), value, done);
    net.loop.after(
        republishInterval.toNanos(),
        () -> {
          if (node.alive) {
            publish(node, since, acks -> {});
          }
        });
  }

  /**
   * Looks {@code name} up from {@code reader}: its own store first, then a GET_VALUE lookup that
   * stops at the first record ({@code Dht.getValue}); {@code done} gets the live holder the record
   * names after the registry's checks, if any.
   */
  void lookup(SimNode reader, String name, Consumer<Found> done) {
    byte[] key = NameRecord.key(name);
    KadRecord local = reader.core.served(key);
    if (local != null) {
      done.accept(check(name, local.value(), 0, 0));
      return;
    }
    byte[][] value = new byte[1][];
    net.lookup(
        reader,
        key,
        KadCore.request(KadMessage.Type.GET_VALUE, key),
        r -> {
          if (r.record() != null && Arrays.equals(r.record().key(), key)) {
            value[0] = r.record().value();
            return true;
          }
          return false;
        },
        (KadLookup l) -> {
          int hops = l.satisfiedBy() == null ? -1 : l.hops(l.satisfiedBy());
          done.accept(
              value[0] == null
                  ? new Found(false, null, hops, l.requests(), l.result())
                  : check(name, value[0], hops, l.requests()));
        });
  }

  private Found check(String name, byte[] value, int hops, int requests) {
    long now = net.clock.millis();
    // merge keeps the entries that pass its checks (signature, name, lifetime) at `now`; an entry
    // that passed once fails later only by expiring, which holders(now) checks: so one merge per
    // distinct value gives every later reader the answer its own merge would
    NameRecord checked =
        merged.computeIfAbsent(
            ByteBuffer.wrap(value), v -> NameRecord.merge(name, List.of(value), now));
    List<RegistryEntry> holders = checked.holders(now);
    return holders.isEmpty()
        ? new Found(false, null, hops, requests)
        : new Found(true, holders.get(0).peer(), hops, requests);
  }
}
