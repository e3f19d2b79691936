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
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The {@link Dht} of a {@link Host}: the thread driver of a {@link KadCore}. It reads
 * kad-dht requests from streams (on {@link DhtConfig#protocolId()}) and answers them with {@link
 * KadCore#handle}, and runs each {@link KadLookup} on the caller's thread with its requests on
 * virtual threads, blocking on streams with the configured timeouts. Every protocol decision is the
 * core's, so the simulator of kameo-sim, another driver of the same core, measures this code.
 *
 * <p>Routing table membership: a peer joins when it answers one of this peer's requests (so it
 * serves the DHT), or when it connects and its identify lists the protocol. When a bucket is full
 * the least recently seen peer is pinged and replaced only if it does not answer, unless a peer of
 * that bucket failed its last request: the newcomer then takes its place at once. A peer leaves the
 * table when it fails two requests in a row ({@link RoutingTable#MAX_FAILURES}).
 */
public final class KadService implements Dht, ConnectionListener {
  private static final Logger LOG = LoggerFactory.getLogger(KadService.class);

  private final Host host;
  private final DhtConfig config;
  private final KadCore core;
  private final RoutingTable table;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Map<PeerId, CompletableFuture<Void>> considering = new ConcurrentHashMap<>();

  private KadService(Host host, DhtConfig config, Map<String, RecordValidator> validators) {
    this.host = host;
    this.config = config;
    this.core =
        new KadCore(
            host.peerId(),
            config,
            validators,
            Clock.systemUTC(),
            new KadCore.PeerBook() {
              @Override
              public List<Multiaddr> addresses(PeerId peer) {
                return host.addresses(peer);
              }

              @Override
              public boolean isConnected(PeerId peer) {
                return host.isConnected(peer);
              }

              @Override
              public void addAddress(PeerId peer, Multiaddr address) {
                host.addAddress(peer, address);
              }

              @Override
              public List<Multiaddr> listenAddresses() {
                return host.listenAddresses();
              }
            });
    this.table = core.table();
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
        KadMessage reply = core.handle(from, request);
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
    pingIfFull(peer, core.admit(peer));
  }

  /** Pings a full bucket's {@code oldest} peer (if any) and keeps it or lets {@code peer} in. */
  private void pingIfFull(PeerId peer, PeerId oldest) {
    if (oldest != null) {
      runInBackground(
          () -> {
            try {
              host.ping(oldest);
              core.keep(oldest);
            } catch (RemoteException e) {
              core.evict(oldest, peer);
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

  private record Outcome(PeerId peer, KadMessage reply, RuntimeException failure) {}

  /**
   * Runs a {@link KadLookup} on the caller's thread, its requests on the executor, until it
   * finishes or the query time is up; returns the peers that answered, closest first.
   */
  private List<PeerId> lookup(byte[] key, KadMessage request, Predicate<KadMessage> visitor) {
    KadLookup lookup = core.lookup(key, visitor);
    CompletionService<Outcome> replies = new ExecutorCompletionService<>(executor);
    List<Future<Outcome>> inFlight = new ArrayList<>();
    long deadline = System.nanoTime() + config.queryTimeout().toNanos();
    try {
      while (true) {
        for (PeerId p : lookup.next()) {
          inFlight.add(replies.submit(() -> ask(p, request)));
        }
        if (lookup.finished()) {
          break; // the k closest have all answered, no one is left to ask, or the visitor is done
        }
        long left = deadline - System.nanoTime();
        Future<Outcome> done = left > 0 ? replies.poll(left, TimeUnit.NANOSECONDS) : null;
        if (done == null) {
          lookup.stop(); // query time is up
          break;
        }
        inFlight.remove(done);
        Outcome outcome = done.get();
        if (outcome.failure != null) {
          LOG.debug(
              "kad: {} failed a lookup request: {}", outcome.peer, outcome.failure.getMessage());
          core.failed(outcome.peer);
          lookup.failed(outcome.peer);
        } else {
          pingIfFull(outcome.peer, core.answered(outcome.peer, outcome.reply));
          lookup.answered(outcome.peer, outcome.reply);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      throw new IllegalStateException("kad lookup request crashed", e.getCause());
    } finally {
      for (Future<Outcome> f : inFlight) {
        f.cancel(true);
      }
    }
    return lookup.result();
  }

  private Outcome ask(PeerId peer, KadMessage request) {
    try {
      return new Outcome(peer, request(peer, request, true), null);
    } catch (RuntimeException e) {
      return new Outcome(peer, null, e);
    }
  }

  private List<PeerId> findNode(byte[] key) {
    return lookup(key, KadCore.request(KadMessage.Type.FIND_NODE, key), r -> false);
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
    for (int bucket : core.bucketsToRefresh()) {
      findNode(core.randomKeyInBucket(bucket, ThreadLocalRandom.current()));
    }
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
    KadRecord record = core.putLocal(key, value);
    return sendToAll(
        findNode(key),
        new KadMessage(KadMessage.Type.PUT_VALUE, key, record, List.of(), List.of()),
        true);
  }

  @Override
  public Optional<byte[]> getValue(byte[] key) {
    checkOpen();
    KadRecord local = core.served(key);
    if (local != null) {
      return Optional.of(local.value());
    }
    AtomicReference<byte[]> found = new AtomicReference<>();
    lookup(
        key,
        KadCore.request(KadMessage.Type.GET_VALUE, key),
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
    KadRecord local = core.served(key);
    if (local != null) {
      found.add(local.value());
    }
    lookup(
        key,
        KadCore.request(KadMessage.Type.GET_VALUE, key),
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
    return core.validators().keySet();
  }

  @Override
  public int provide(byte[] key) {
    checkOpen();
    List<Multiaddr> addrs = host.listenAddresses();
    core.providers().add(key, host.peerId(), addrs);
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
    for (Provider p : core.providers().get(key)) {
      found.putIfAbsent(p.peer(), new PeerAddresses(p.peer(), p.addrs()));
    }
    if (found.size() < limit) {
      lookup(
          key,
          KadCore.request(KadMessage.Type.GET_PROVIDERS, key),
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
        KadCore.request(KadMessage.Type.FIND_NODE, key),
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
