package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerAddresses;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RecordValidator;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The {@link Dht} of a {@link Host}: serves kad-dht requests (on {@link
 * DhtConfig#protocolId()}) from a routing table and local record and provider stores, and runs
 * iterative lookups with {@link KadLookup} for its own queries.
 *
 * <p>Routing table membership: a peer joins when it answers one of this peer's requests (so it
 * serves the DHT), or when it connects and its identify lists the protocol. When a bucket is full
 * the least recently seen peer is pinged and replaced only if it does not answer. A peer that fails
 * a request leaves the table.
 */
public final class KadService implements Dht, ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(KadService.class);

  /** The most bytes of values this peer stores for others. */
  private static final long RECORD_BYTES = 64L << 20;

  private final Host host;
  private final DhtConfig config;
  private final RoutingTable table;
  private final RecordStore records;
  private final ProviderStore providers;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<PeerId, CompletableFuture<Void>> considering = new ConcurrentHashMap<>();
  private final Map<String, RecordValidator> validators;

  /**
   * Makes each validated read-modify-write of the record store atomic; held for memory work only.
   */
  private final ReentrantLock validated = new ReentrantLock();

  private KadService(Host host, DhtConfig config, Map<String, RecordValidator> validators) {
    this.validators = Map.copyOf(validators);
    this.host = host;
    this.config = config;
    this.table = new RoutingTable(host.peerId(), config.k());
    this.records =
        new RecordStore(
            config.maxRecords(), RECORD_BYTES, RecordStore.DEFAULT_MAX_AGE, Clock.systemUTC());
    this.providers =
        new ProviderStore(config.maxRecords(), ProviderStore.DEFAULT_VALIDITY, Clock.systemUTC());
  }

  /** Starts a DHT on {@code host} that stores every namespace as it comes. */
  public static KadService start(Host host, DhtConfig config) {
    return start(host, config, Map.of());
  }

  /**
   * Starts a DHT on {@code host}; see {@link io.kameo.libp2p.runtime.Libp2p#startDht(Host,
   * DhtConfig, Map)}. Values under {@code /<namespace>/} go through {@code
   * validators.get(namespace)} when there is one.
   */
  public static KadService start(
      Host host, DhtConfig config, Map<String, RecordValidator> validators) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(config, "config");
    KadService service = new KadService(host, config, validators);
    host.setStreamHandler(config.protocolId(), service::serve);
    host.addConnectionListener(service);
    return service;
  }

  // ---------------------------------------------------------------- serving

  private void serve(Stream stream) {
    PeerId from = stream.peer();
    if (!table.contains(from)) {
      runInBackground(() -> considerPeer(from));
    }
    try {
      while (true) {
        KadMessage request =
            KadStreamIo.read(stream, config.requestTimeout(), KadMessage.MAX_MESSAGE_SIZE);
        if (request == null) {
          return;
        }
        KadMessage reply = handle(from, request);
        if (reply != null) {
          KadStreamIo.write(stream, reply, config.requestTimeout());
        }
      }
    } catch (KadProtocolException e) {
      LOG.debug("kad request from {} rejected: {}", from, e.getMessage());
      stream.reset();
    } catch (RemoteTimeoutException e) {
      stream.reset(); // idle: the requester went quiet
    } catch (StreamResetException e) {
      LOG.debug("kad stream from {} ended: {}", from, e.getMessage());
    }
  }

  private KadMessage handle(PeerId from, KadMessage request) {
    byte[] key = request.key();
    return switch (request.type()) {
      case PING -> request;
      case FIND_NODE -> {
        List<KadPeer> closer = closerPeers(key, from);
        if (Arrays.equals(key, host.peerId().toBytes())) {
          closer.add(0, self());
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
            p.addrs().forEach(a -> host.addAddress(from, a));
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
  private void store(KadRecord record) {
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

  /** Returns the record to serve under {@code key}, as its namespace's validator allows. */
  private KadRecord served(byte[] key) {
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
    String text = new String(key, java.nio.charset.StandardCharsets.UTF_8);
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
        host.addresses(p),
        host.isConnected(p)
            ? KadPeer.ConnectionType.CONNECTED
            : KadPeer.ConnectionType.NOT_CONNECTED);
  }

  private KadPeer self() {
    return new KadPeer(host.peerId(), host.listenAddresses(), KadPeer.ConnectionType.CONNECTED);
  }

  // ---------------------------------------------------------------- routing table upkeep

  @Override
  public void connected(PeerId peer, Multiaddr remoteAddress) {
    if (!closed.get() && !table.contains(peer)) {
      runInBackground(() -> considerPeer(peer));
    }
  }

  /** Runs {@code task} on a virtual thread, unless the DHT has closed meanwhile. */
  private boolean runInBackground(Runnable task) {
    try {
      executor.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false; // closed
    }
  }

  /**
   * Adds {@code peer} to the table if its identify lists the protocol. One check per peer at a
   * time: js-libp2p resets a second identify stream opened while the first is still open.
   */
  private void considerPeer(PeerId peer) {
    if (closed.get() || table.contains(peer)) {
      return;
    }
    CompletableFuture<Void> mine = new CompletableFuture<>();
    CompletableFuture<Void> check = considering.putIfAbsent(peer, mine);
    if (check == null) {
      check = mine;
      Runnable done =
          () -> {
            considering.remove(peer, mine);
            mine.complete(null);
          };
      if (!runInBackground(
          () -> {
            try {
              identifyAndAdmit(peer);
            } finally {
              done.run();
            }
          })) {
        done.run();
      }
    }
    try {
      check.get(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("kad: checking {} failed: {}", peer, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void identifyAndAdmit(PeerId peer) {
    try {
      if (host.identify(peer).protocols().contains(config.protocolId())) {
        admit(peer);
      }
    } catch (RemoteException e) {
      LOG.debug("kad: cannot identify {}: {}", peer, e.getMessage());
    }
  }

  /**
   * Adds a peer known to serve the DHT; a full bucket keeps its oldest peer if it still answers.
   */
  private void admit(PeerId peer) {
    AddResult result = table.add(peer);
    if (result.status() == AddResult.Status.BUCKET_FULL) {
      PeerId oldest = result.leastRecentlySeen();
      runInBackground(
          () -> {
            try {
              host.ping(oldest);
              table.add(oldest); // it answered: it stays, as most recently seen
            } catch (RemoteException e) {
              table.replace(oldest, peer);
            }
          });
    }
  }

  // ---------------------------------------------------------------- requests

  /** Sends {@code request} to {@code peer} on a new stream and returns its reply (null if none). */
  private KadMessage request(PeerId peer, KadMessage request, boolean expectReply) {
    Stream stream = host.newStream(peer, config.protocolId(), config.requestTimeout());
    try (stream) {
      KadStreamIo.write(stream, request, config.requestTimeout());
      if (!expectReply) {
        return null;
      }
      KadMessage reply =
          KadStreamIo.read(stream, config.requestTimeout(), KadMessage.MAX_MESSAGE_SIZE);
      if (reply == null) {
        throw new StreamResetException("kad: " + peer + " closed the stream without a reply");
      }
      if (reply.type() != request.type()) {
        throw new KadProtocolException(
            "kad: " + peer + " answered " + request.type() + " with " + reply.type());
      }
      return reply;
    }
  }

  private List<PeerId> lookup(
      byte[] key, KadMessage request, java.util.function.Function<KadMessage, Boolean> visitor) {
    KadKey target = KadKey.of(key);
    return KadLookup.run(
        target,
        table.closest(target, config.k()),
        host.peerId(),
        config.k(),
        config.alpha(),
        config.queryTimeout().toNanos(),
        executor,
        new KadLookup.Requester() {
          @Override
          public KadMessage request(PeerId peer) {
            return KadService.this.request(peer, request, true);
          }

          @Override
          public void answered(PeerId peer, KadMessage reply) {
            admit(peer);
            for (KadPeer p : reply.closerPeers()) {
              p.addrs().forEach(a -> host.addAddress(p.id(), a));
            }
          }

          @Override
          public void failed(PeerId peer, Exception cause) {
            LOG.debug("kad: {} failed a lookup request: {}", peer, cause.getMessage());
            table.remove(peer);
          }
        },
        visitor);
  }

  private List<PeerId> findNode(byte[] key) {
    return lookup(
        key,
        new KadMessage(KadMessage.Type.FIND_NODE, key, null, List.of(), List.of()),
        r -> false);
  }

  /** Sends {@code request} to each of {@code peers} at once; returns how many succeeded. */
  private int sendToAll(List<PeerId> peers, KadMessage request, boolean expectReply) {
    List<Future<?>> sent = new ArrayList<>();
    for (PeerId p : peers) {
      sent.add(executor.submit(() -> request(p, request, expectReply)));
    }
    int ok = 0;
    for (Future<?> f : sent) {
      try {
        f.get();
        ok++;
      } catch (ExecutionException e) {
        LOG.debug("kad: {} request failed: {}", request.type(), e.getCause().getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return ok;
  }

  // ---------------------------------------------------------------- Dht

  @Override
  public int bootstrap(Collection<Multiaddr> peers) {
    checkOpen();
    for (Multiaddr address : peers) {
      PeerId peer =
          address
              .peerId()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "bootstrap address " + address + " has no /p2p/ peer id"));
      try {
        host.dial(address);
        considerPeer(peer);
      } catch (RemoteException e) {
        LOG.warn("kad: bootstrap peer {} unreachable: {}", address, e.getMessage());
      }
    }
    findNode(host.peerId().toBytes());
    return table.size();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the key's namespace has a validator and it refuses the
   *     value here (nothing is sent then)
   */
  @Override
  public int putValue(byte[] key, byte[] value) {
    checkOpen();
    KadRecord record = KadRecord.of(key, value, Instant.now());
    if (validator(key) != null) {
      store(record);
    } else {
      records.put(record);
    }
    return sendToAll(
        findNode(key),
        new KadMessage(KadMessage.Type.PUT_VALUE, key, record, List.of(), List.of()),
        true);
  }

  @Override
  public Optional<byte[]> getValue(byte[] key) {
    checkOpen();
    KadRecord local = served(key);
    if (local != null) {
      return Optional.of(local.value());
    }
    AtomicReference<byte[]> found = new AtomicReference<>();
    lookup(
        key,
        new KadMessage(KadMessage.Type.GET_VALUE, key, null, List.of(), List.of()),
        r -> {
          if (r.record() != null && Arrays.equals(r.record().key(), key)) {
            found.set(r.record().value());
            return true;
          }
          return false;
        });
    return Optional.ofNullable(found.get());
  }

  @Override
  public List<byte[]> getValues(byte[] key) {
    checkOpen();
    List<byte[]> found = new java.util.concurrent.CopyOnWriteArrayList<>();
    KadRecord local = served(key);
    if (local != null) {
      found.add(local.value());
    }
    lookup(
        key,
        new KadMessage(KadMessage.Type.GET_VALUE, key, null, List.of(), List.of()),
        r -> {
          if (r.record() != null && Arrays.equals(r.record().key(), key)) {
            found.add(r.record().value());
          }
          return false;
        });
    return List.copyOf(found);
  }

  @Override
  public Set<String> validatedNamespaces() {
    return validators.keySet();
  }

  @Override
  public int provide(byte[] key) {
    checkOpen();
    List<Multiaddr> addrs = host.listenAddresses();
    providers.add(key, host.peerId(), addrs);
    KadPeer me = new KadPeer(host.peerId(), addrs, KadPeer.ConnectionType.CONNECTED);
    return sendToAll(
        findNode(key),
        new KadMessage(KadMessage.Type.ADD_PROVIDER, key, null, List.of(), List.of(me)),
        false);
  }

  @Override
  public List<PeerAddresses> findProviders(byte[] key, int limit) {
    checkOpen();
    Map<PeerId, PeerAddresses> found = new LinkedHashMap<>();
    for (Provider p : providers.get(key)) {
      found.putIfAbsent(p.peer(), new PeerAddresses(p.peer(), p.addrs()));
    }
    if (found.size() < limit) {
      lookup(
          key,
          new KadMessage(KadMessage.Type.GET_PROVIDERS, key, null, List.of(), List.of()),
          r -> {
            for (KadPeer p : r.providerPeers()) {
              p.addrs().forEach(a -> host.addAddress(p.id(), a));
              found.putIfAbsent(p.id(), new PeerAddresses(p.id(), p.addrs()));
            }
            return found.size() >= limit;
          });
    }
    List<PeerAddresses> out = new ArrayList<>(found.values());
    return out.size() > limit ? out.subList(0, limit) : out;
  }

  @Override
  public Optional<PeerAddresses> findPeer(PeerId peer) {
    checkOpen();
    byte[] key = peer.toBytes();
    AtomicReference<PeerAddresses> found = new AtomicReference<>();
    lookup(
        key,
        new KadMessage(KadMessage.Type.FIND_NODE, key, null, List.of(), List.of()),
        r -> {
          for (KadPeer p : r.closerPeers()) {
            if (p.id().equals(peer) && !p.addrs().isEmpty()) {
              found.set(new PeerAddresses(peer, p.addrs()));
              return true;
            }
          }
          return false;
        });
    if (found.get() == null && !host.addresses(peer).isEmpty()) {
      found.set(new PeerAddresses(peer, host.addresses(peer)));
    }
    return Optional.ofNullable(found.get());
  }

  @Override
  public List<PeerId> closestPeers(byte[] key) {
    checkOpen();
    return findNode(key);
  }

  @Override
  public String protocolId() {
    return config.protocolId();
  }

  @Override
  public Set<PeerId> routingTable() {
    return Set.copyOf(table.peers());
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      host.removeStreamHandler(config.protocolId());
      executor.shutdownNow();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the DHT is closed");
    }
  }
}
