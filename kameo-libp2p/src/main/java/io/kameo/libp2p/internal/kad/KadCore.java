package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RecordValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * INTERNAL API. The protocol logic of one DHT peer, without I/O, threads or a clock of its own: it
 * answers a kad-dht request from its routing table and its record and provider stores ({@link
 * #handle}), stores records through their namespace's {@link RecordValidator}, decides routing
 * table admission ({@link #admit}, {@link #answered}, {@link #failed}) and starts {@link KadLookup}
 * state machines. Time comes from the injected {@link Clock} (record expiry, validators).
 *
 * <p>Two drivers run it: {@link KadService} over a {@link io.kameo.libp2p.Host}'s streams and
 * virtual threads, and the discrete-event simulator of kameo-sim over an in-memory network. Both
 * call exactly this code for every decision of the protocol.
 *
 * <p>Thread-safety: the routing table and the stores are thread-safe; each validated
 * read-modify-write of the record store holds one {@link ReentrantLock} for memory work only, so
 * any number of threads may call any method.
 */
public final class KadCore {
  /** The most bytes of values a peer stores for others. */
  public static final long RECORD_BYTES = 64L << 20;

  /** The addresses a peer knows of others and of itself (a host's peer store, in a real DHT). */
  public interface PeerBook {
    /** Returns the known addresses of {@code peer}. */
    List<Multiaddr> addresses(PeerId peer);

    /** Returns whether a connection to {@code peer} is open now. */
    boolean isConnected(PeerId peer);

    /** Remembers {@code address} for {@code peer}. */
    void addAddress(PeerId peer, Multiaddr address);

    /** Returns the local peer's own addresses. */
    List<Multiaddr> listenAddresses();
  }

  private final PeerId self;
  private final DhtConfig config;
  private final Clock clock;
  private final PeerBook book;
  private final RoutingTable table;
  private final RecordStore records;
  private final ProviderStore providers;
  private final Map<String, RecordValidator> validators;

  /**
   * Makes each validated read-modify-write of the record store atomic; held for memory work only.
   */
  private final ReentrantLock validated = new ReentrantLock();

  /**
   * Creates the core of peer {@code self}.
   *
   * @param validators the validators of namespaces: values under {@code /<namespace>/} go through
   *     {@code validators.get(namespace)} when there is one
   * @param clock the time of record expiry
   */
  public KadCore(
      PeerId self,
      DhtConfig config,
      Map<String, RecordValidator> validators,
      Clock clock,
      PeerBook book) {
    this.self = Objects.requireNonNull(self, "self");
    this.config = Objects.requireNonNull(config, "config");
    this.validators = Map.copyOf(validators);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.book = Objects.requireNonNull(book, "book");
    this.table = new RoutingTable(self, config.k());
    this.records =
        new RecordStore(config.maxRecords(), RECORD_BYTES, RecordStore.DEFAULT_MAX_AGE, clock);
    this.providers = new ProviderStore(config.maxRecords(), ProviderStore.DEFAULT_VALIDITY, clock);
  }

  /** Returns the local peer. */
  public PeerId self() {
    return self;
  }

  /** Returns the configuration. */
  public DhtConfig config() {
    return config;
  }

  /** Returns the routing table. */
  public RoutingTable table() {
    return table;
  }

  /** Returns the record store. */
  public RecordStore records() {
    return records;
  }

  /** Returns the provider store. */
  public ProviderStore providers() {
    return providers;
  }

  /** Returns the namespaces that have a validator. */
  public Map<String, RecordValidator> validators() {
    return validators;
  }

  // ---------------------------------------------------------------- serving

  /**
   * Answers {@code request} from {@code from}; returns the reply, or null if the message has none
   * ({@code ADD_PROVIDER}).
   *
   * @throws KadProtocolException if the request is malformed or refused
   */
  public KadMessage handle(PeerId from, KadMessage request) {
    byte[] key = request.key();
    return switch (request.type()) {
      case PING -> request;
      case FIND_NODE -> {
        List<KadPeer> closer = closerPeers(key, from);
        if (Arrays.equals(key, self.toBytes())) {
          closer.add(0, selfEntry());
        }
        yield new KadMessage(KadMessage.Type.FIND_NODE, key, null, closer, List.of());
      }
      case GET_VALUE -> {
        requireKey(key, "GET_VALUE");
        yield new KadMessage(
            KadMessage.Type.GET_VALUE, key, served(key), closerPeers(key, from), List.of());
      }
      case PUT_VALUE -> {
        KadRecord record = request.record();
        if (record == null) {
          throw new KadProtocolException("PUT_VALUE without a record");
        }
        requireKey(record.key(), "PUT_VALUE record");
        try {
          store(record);
        } catch (IllegalArgumentException e) {
          throw new KadProtocolException("PUT_VALUE refused: " + e.getMessage());
        }
        yield request; // the echo tells the sender the value is stored
      }
      case ADD_PROVIDER -> {
        requireKey(key, "ADD_PROVIDER");
        for (KadPeer p : request.providerPeers()) {
          if (p.id().equals(from) && !p.addrs().isEmpty()) {
            providers.add(key, from, p.addrs());
            p.addrs().forEach(a -> book.addAddress(from, a));
          }
        }
        yield null; // no reply, as the spec says
      }
      case GET_PROVIDERS -> {
        requireKey(key, "GET_PROVIDERS");
        List<KadPeer> found = new ArrayList<>();
        for (Provider p : providers.get(key)) {
          found.add(p.toKadPeer());
        }
        yield new KadMessage(
            KadMessage.Type.GET_PROVIDERS, key, null, closerPeers(key, from), found);
      }
    };
  }

  /**
   * Stores {@code record}, through its namespace's validator if it has one.
   *
   * @throws IllegalArgumentException if the validator refuses it or the store is full
   */
  public void store(KadRecord record) {
    RecordValidator validator = validator(record.key());
    boolean stored;
    if (validator == null) {
      stored = records.put(record);
    } else {
      validated.lock();
      try {
        byte[] held = records.get(record.key()).map(KadRecord::value).orElse(null);
        byte[] merged = validator.accept(record.key(), held, record.value());
        stored = records.put(new KadRecord(record.key(), merged, record.timeReceived()));
      } finally {
        validated.unlock();
      }
    }
    if (!stored) {
      throw new IllegalArgumentException("record store full");
    }
  }

  /**
   * Stores this peer's own value before it is sent to the closest peers, stamped with the clock's
   * time, and returns the record to send.
   *
   * @throws IllegalArgumentException if the key's namespace has a validator and it refuses the
   *     value (a store without one keeps what fits and the record is sent anyway)
   */
  public KadRecord putLocal(byte[] key, byte[] value) {
    KadRecord record = KadRecord.of(key, value, clock.instant());
    if (validator(key) != null) {
      store(record);
    } else {
      records.put(record);
    }
    return record;
  }

  /** Returns the record to serve under {@code key}, as its namespace's validator allows. */
  public KadRecord served(byte[] key) {
    Optional<KadRecord> held = records.get(key);
    RecordValidator validator = validator(key);
    if (held.isEmpty() || validator == null) {
      return held.orElse(null);
    }
    byte[] value = validator.serve(key, held.get().value());
    return value == null ? null : new KadRecord(key, value, held.get().timeReceived());
  }

  /** Returns the validator of {@code key}'s namespace ({@code /<namespace>/...}), or null. */
  private RecordValidator validator(byte[] key) {
    if (validators.isEmpty() || key.length < 2 || key[0] != '/') {
      return null;
    }
    String text = new String(key, StandardCharsets.UTF_8);
    int end = text.indexOf('/', 1);
    return end < 0 ? null : validators.get(text.substring(1, end));
  }

  private static void requireKey(byte[] key, String what) {
    if (key == null || key.length == 0) {
      throw new KadProtocolException(what + " without a key");
    }
  }

  /** The routing table's closest peers to {@code key}, without {@code requester}. */
  private List<KadPeer> closerPeers(byte[] key, PeerId requester) {
    List<KadPeer> out = new ArrayList<>();
    for (PeerId p : table.closest(KadKey.of(key), config.k() + 1)) {
      if (!p.equals(requester) && out.size() < config.k()) {
        out.add(peerEntry(p));
      }
    }
    return out;
  }

  private KadPeer peerEntry(PeerId p) {
    return new KadPeer(
        p,
        book.addresses(p),
        book.isConnected(p)
            ? KadPeer.ConnectionType.CONNECTED
            : KadPeer.ConnectionType.NOT_CONNECTED);
  }

  /** Returns this peer's own entry, as a provider or as the answer to a lookup of itself. */
  public KadPeer selfEntry() {
    return new KadPeer(self, book.listenAddresses(), KadPeer.ConnectionType.CONNECTED);
  }

  // ---------------------------------------------------------------- routing table upkeep

  /**
   * Adds a peer known to serve the DHT. Returns null, or, when its bucket is full, the bucket's
   * least recently seen peer: the driver pings it, then calls {@link #keep} if it answered or
   * {@link #evict} if not.
   */
  public PeerId admit(PeerId peer) {
    AddResult result = table.add(peer);
    return result.status() == AddResult.Status.BUCKET_FULL ? result.leastRecentlySeen() : null;
  }

  /** The pinged {@code oldest} answered: it stays, as the most recently seen of its bucket. */
  public void keep(PeerId oldest) {
    table.add(oldest);
  }

  /** The pinged {@code oldest} did not answer: {@code newcomer} takes its place. */
  public void evict(PeerId oldest, PeerId newcomer) {
    table.replace(oldest, newcomer);
  }

  /**
   * {@code peer} answered one of this peer's requests with {@code reply}: it is admitted (see
   * {@link #admit}, whose result this returns) and the addresses the reply names are remembered.
   */
  public PeerId answered(PeerId peer, KadMessage reply) {
    for (KadPeer p : reply.closerPeers()) {
      p.addrs().forEach(a -> book.addAddress(p.id(), a));
    }
    return admit(peer);
  }

  /**
   * {@code peer} failed one of this peer's requests (an error or a timeout): it leaves the table on
   * its {@link RoutingTable#MAX_FAILURES}th failure in a row (a second chance: one lost message
   * does not cost a node its routing entry), and gives way at once to a newcomer in a full bucket
   * meanwhile.
   */
  public void failed(PeerId peer) {
    table.failed(peer);
  }

  // ---------------------------------------------------------------- lookups

  /**
   * The deepest bucket a refresh looks into (as go-libp2p: finding a key deeper costs too much).
   */
  static final int MAX_REFRESH_BUCKET = 15;

  /**
   * Returns the buckets to refresh after a join: each bucket farther than the closest peer known
   * (as the Kademlia paper prescribes) that holds fewer than k peers, at most up to bucket {@value
   * #MAX_REFRESH_BUCKET}. A self lookup alone leaves such a bucket empty when no peer of that part
   * of the key space ever asked this one anything, and a lookup that passes through this peer then
   * stops short of the closest peers.
   */
  public List<Integer> bucketsToRefresh() {
    int deepest = -1;
    for (int i = KadKey.BITS - 1; i >= 0 && deepest < 0; i--) {
      if (!table.bucket(i).isEmpty()) {
        deepest = i;
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(deepest, MAX_REFRESH_BUCKET + 1); i++) {
      if (table.bucket(i).size() < config.k()) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Returns a random FIND_NODE key (shaped as a sha2-256 peer id) whose kad key falls into bucket
   * {@code bucket} of this peer's table: its SHA-256 shares exactly {@code bucket} leading bits
   * with the local key. Tries about 2^(bucket + 1) keys.
   *
   * @throws IllegalArgumentException unless {@code bucket} is 0 to {@value #MAX_REFRESH_BUCKET}
   */
  public byte[] randomKeyInBucket(int bucket, RandomGenerator random) {
    if (bucket < 0 || bucket > MAX_REFRESH_BUCKET) {
      throw new IllegalArgumentException(
          "bucket must be 0 to " + MAX_REFRESH_BUCKET + ": " + bucket);
    }
    byte[] key = new byte[34];
    key[0] = 0x12; // sha2-256 multihash of 32 bytes, as a peer id
    key[1] = 0x20;
    while (true) {
      for (int i = 2; i < key.length; i += 8) {
        long v = random.nextLong();
        for (int j = 0; j < 8 && i + j < key.length; j++) {
          key[i + j] = (byte) (v >>> (8 * j));
        }
      }
      if (table.localKey().commonPrefixLength(KadKey.of(key)) == bucket) {
        return key.clone();
      }
    }
  }

  /** Starts a lookup of {@code key} from the routing table's closest peers. */
  public KadLookup lookup(byte[] key, Predicate<KadMessage> visitor) {
    KadKey target = KadKey.of(key);
    return new KadLookup(
        target, table.closest(target, config.k()), self, config.k(), config.alpha(), visitor);
  }

  /** Returns the request of a {@code type} lookup (FIND_NODE, GET_VALUE, GET_PROVIDERS) of key. */
  public static KadMessage request(KadMessage.Type type, byte[] key) {
    return new KadMessage(type, key, null, List.of(), List.of());
  }
}
