package io.kameo.remote.internal.registry;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.wire.ProtoReader;
import io.kameo.libp2p.internal.wire.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API. The DHT value under {@link #key(String) /kameo/actor/<name>}: every node's signed
 * {@link RegistryEntry} for the name, at most one per node ({@code message NameRecord { repeated
 * bytes entries = 1; }}).
 *
 * <p>A store {@linkplain #accept accepts} one entry at a time and keeps the rules: a valid
 * signature by the entry's own peer, the key's name, not expired, a lifetime of at most {@link
 * #MAX_LIFETIME}, a higher version than the peer's stored entry (no replays, and only the owner
 * replaces its entry, since only it can sign), and no second holder of an exclusive name. A reader
 * {@linkplain #merge merges} the values of many stores with the same checks and resolves a race for
 * an exclusive name the same way on every node: the oldest claim ({@code since}, then the smaller
 * peer id) wins.
 *
 * <p>Immutable. Decoding throws {@link IllegalArgumentException}; at most {@link #MAX_ENTRIES}
 * entries and {@link #MAX_BYTES} bytes, so what a hostile store answers costs a reader at most that
 * much per store.
 *
 * @param entries the entries, at most one per peer
 */
public record NameRecord(List<RegistryEntry> entries) {

  /** The largest encoded record a store keeps or a reader looks at: 1 MiB. */
  public static final int MAX_BYTES = 1 << 20;

  /** The most nodes one name lists at once. */
  public static final int MAX_ENTRIES = 256;

  /** The longest time an entry may stay valid after it is checked. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(24);

  /** The DHT namespace of registry records: {@code /kameo/}. */
  public static final String NAMESPACE = "kameo";

  private static final String KEY_PREFIX = "/kameo/actor/";

  private static final Comparator<RegistryEntry> OLDEST_CLAIM =
      Comparator.comparingLong(RegistryEntry::sinceMillis)
          .thenComparing(e -> e.peer().toBytes(), Arrays::compareUnsigned);

  /** Copies the list. */
  public NameRecord {
    entries = List.copyOf(entries);
  }

  /** Returns the record with no entries. */
  public static NameRecord empty() {
    return new NameRecord(List.of());
  }

  /** The DHT key of {@code name}: {@code /kameo/actor/<name>}. */
  public static byte[] key(String name) {
    return (KEY_PREFIX + name).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Returns the name a DHT key under {@code /kameo/} stands for.
   *
   * @throws IllegalArgumentException if the key is not {@code /kameo/actor/<name>}
   */
  public static String nameOf(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    if (!text.startsWith(KEY_PREFIX)
        || !Arrays.equals(key(text.substring(KEY_PREFIX.length())), key)) {
      throw new IllegalArgumentException(
          "the /kameo/ namespace holds only actor registrations under /kameo/actor/<name>");
    }
    String name = text.substring(KEY_PREFIX.length());
    RegistryEntry.checkName(name);
    return name;
  }

  /** Returns this peer's entry, if the record has one. */
  public Optional<RegistryEntry> entryOf(PeerId peer) {
    return entries.stream().filter(e -> e.peer().equals(peer)).findFirst();
  }

  /**
   * Returns the record a store keeps after {@code incoming} arrives for {@code name}: expired
   * entries dropped, the peer's entry replaced by the newer one; {@code this} itself if {@code
   * incoming} is the stored entry again.
   *
   * @throws IllegalArgumentException naming the rule {@code incoming} breaks
   */
  public NameRecord accept(String name, RegistryEntry incoming, long nowMillis) {
    check(name, incoming, nowMillis);
    Optional<RegistryEntry> stored = entryOf(incoming.peer());
    if (stored.isPresent() && stored.get().liveAt(nowMillis)) {
      if (stored.get().equals(incoming)) {
        return this;
      }
      if (incoming.version() <= stored.get().version()) {
        throw new IllegalArgumentException(
            "replay: version "
                + incoming.version()
                + " of "
                + incoming.peer()
                + "'s entry for \""
                + name
                + "\" is not newer than the stored "
                + stored.get().version());
      }
    }
    List<RegistryEntry> kept = new ArrayList<>();
    for (RegistryEntry e : entries) {
      if (e.liveAt(nowMillis) && !e.peer().equals(incoming.peer())) {
        if (incoming.holds() && e.holds() && (e.exclusive() || incoming.exclusive())) {
          throw new IllegalArgumentException(
              "\"" + name + "\" is held by " + e.peer() + (e.exclusive() ? " (exclusive)" : ""));
        }
        kept.add(e);
      }
    }
    if (kept.size() >= MAX_ENTRIES) {
      throw new IllegalArgumentException(
          "\"" + name + "\" already lists " + MAX_ENTRIES + " nodes, the most a name can");
    }
    kept.add(incoming);
    return new NameRecord(kept);
  }

  /** Returns this record without the entries expired at {@code nowMillis}. */
  public NameRecord live(long nowMillis) {
    return new NameRecord(entries.stream().filter(e -> e.liveAt(nowMillis)).toList());
  }

  /**
   * Merges the DHT values {@code values} for {@code name}, as a reader: malformed values and
   * entries that fail a rule are dropped, and of each peer's entries the highest version is kept.
   */
  public static NameRecord merge(String name, List<byte[]> values, long nowMillis) {
    Map<PeerId, RegistryEntry> newest = new LinkedHashMap<>();
    for (byte[] value : values) {
      NameRecord record;
      try {
        record = decode(value);
      } catch (IllegalArgumentException e) {
        continue;
      }
      for (RegistryEntry e : record.entries) {
        try {
          check(name, e, nowMillis);
        } catch (IllegalArgumentException rejected) {
          continue;
        }
        newest.merge(e.peer(), e, (a, b) -> a.version() >= b.version() ? a : b);
      }
    }
    return new NameRecord(new ArrayList<>(newest.values()));
  }

  /**
   * Returns the entries that hold the name now: if any holder claims it exclusively, the oldest
   * claim among all holders decides (an exclusive winner alone, or the group members alone);
   * otherwise every group member. Ordered oldest claim first.
   */
  public List<RegistryEntry> holders(long nowMillis) {
    List<RegistryEntry> holding =
        entries.stream()
            .filter(e -> e.liveAt(nowMillis) && e.holds())
            .sorted(OLDEST_CLAIM)
            .toList();
    if (holding.isEmpty() || holding.stream().noneMatch(RegistryEntry::exclusive)) {
      return holding;
    }
    RegistryEntry first = holding.get(0);
    return first.exclusive()
        ? List.of(first)
        : holding.stream().filter(e -> !e.exclusive()).toList();
  }

  private static void check(String name, RegistryEntry e, long nowMillis) {
    if (!e.name().equals(name)) {
      throw new IllegalArgumentException(
          "an entry for \"" + e.name() + "\" under the key of \"" + name + "\"");
    }
    if (!e.verify()) {
      throw new IllegalArgumentException(
          "the entry for \"" + name + "\" is not signed by " + e.peer() + "'s key");
    }
    if (!e.liveAt(nowMillis)) {
      throw new IllegalArgumentException(
          e.peer() + "'s entry for \"" + name + "\" expired at " + e.expiresMillis());
    }
    if (e.expiresMillis() - nowMillis > MAX_LIFETIME.toMillis()) {
      throw new IllegalArgumentException(
          e.peer() + "'s entry for \"" + name + "\" would stay valid longer than " + MAX_LIFETIME);
    }
  }

  /** Returns the protobuf encoding. */
  public byte[] encode() {
    return ProtoWriter.encode(
        out -> {
          for (RegistryEntry e : entries) {
            out.writeByteArray(1, e.encode());
          }
        });
  }

  /**
   * Decodes a record; the entries' signatures are not checked here.
   *
   * @throws IllegalArgumentException if the bytes or an entry are malformed, or there are more than
   *     {@link #MAX_ENTRIES} entries or {@link #MAX_BYTES} bytes
   */
  public static NameRecord decode(byte[] bytes) {
    if (bytes.length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "name record: " + bytes.length + " bytes, more than " + MAX_BYTES);
    }
    List<RegistryEntry> entries = new ArrayList<>();
    ProtoReader in = new ProtoReader(bytes, "name record");
    for (int tag = in.nextTag(); tag != 0; tag = in.nextTag()) {
      if (ProtoReader.field(tag) == 1) {
        if (entries.size() == MAX_ENTRIES) {
          throw new IllegalArgumentException("name record: more than " + MAX_ENTRIES + " entries");
        }
        entries.add(RegistryEntry.decode(in.readBytes(tag, "entries")));
      } else {
        in.skip(tag);
      }
    }
    return new NameRecord(entries);
  }
}
