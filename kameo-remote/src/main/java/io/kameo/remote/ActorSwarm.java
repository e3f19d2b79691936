package io.kameo.remote;

import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.AskRequest;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.runtime.Libp2p;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.internal.actor.ActorChannel;
import io.kameo.remote.internal.actor.ActorEnvelope;
import io.kameo.remote.internal.actor.ActorFrame;
import io.kameo.remote.internal.actor.ActorReply;
import io.kameo.remote.internal.actor.Encoding;
import io.kameo.remote.internal.actor.InboundChannel;
import io.kameo.remote.internal.actor.PayloadCodec;
import io.kameo.remote.internal.registry.NameRecord;
import io.kameo.remote.internal.registry.NodeRegistry;
import io.kameo.remote.internal.registry.RegistryEntry.Member;
import io.kameo.remote.internal.registry.RegistryValidator;
import io.kameo.spi.ActorObserver;
import io.kameo.spi.LinkSignals;
import io.kameo.spi.Observers;
import io.kameo.spi.RemoteMessages;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Makes local actors reachable from other nodes and finds theirs: the Java counterpart of Kameo's
 * actor swarm. {@link #register} publishes an actor under a name in the {@link Dht}, signed by this
 * node's key ({@link #join} adds it to a group name instead); {@link #lookup} and {@link
 * #lookupAll} find a name and return {@link RemoteActorRef}s, checked against their signatures, and
 * {@link #watch} reports as actors join and leave a name. A registration lives while its actor
 * does: renewed every {@link RegistryConfig#republishInterval()}, withdrawn when the actor stops or
 * is {@linkplain #unregister unregistered}, and expired {@link RegistryConfig#recordTtl()} after
 * its node dies (the guide's registry chapter states every guarantee). A reference names the
 * incarnation of the node it was found on, so after the node restarts it is refused with {@link
 * RemoteSendException.Reason#STALE_REF}. A {@link RemoteActorRef} sends {@code ask} and {@code
 * tell} over the {@link Host} ({@value ActorEnvelope#PROTOCOL_ID}: one long-lived stream from each
 * node to each other node, many requests in flight on it, writes batched). A {@code tell} is fire
 * and forget; the receiving node keeps a small inbox per sending node and actor, so the messages
 * one thread sends to one remote actor arrive in that order, and a full mailbox holds back only the
 * messages to that actor (see {@link RemoteActorRef} for flow control, acknowledged tells and
 * links). Messages and replies above {@link ActorSwarmConfig#maxMessageSize()} are refused before
 * they are written.
 *
 * <p>Only actors whose class is annotated {@code @RemoteActor} can be registered, and only their
 * {@code @Handler} methods annotated {@code @RemoteMessage} can be called remotely: the annotation
 * processor records the ids at compile time, so messages are routed without reflection. Messages
 * and replies travel as CBOR by default, or JSON ({@link ActorSwarmConfig#format()}; Jackson, with
 * the application's own mapper if it gives one): they must be records or Jackson-serializable
 * classes, and in a named module their packages must be open to {@code
 * com.fasterxml.jackson.databind}. A payload never names a class to instantiate.
 *
 * <p>One swarm per process can be made {@linkplain #bootstrapGlobal global}, for small applications
 * that register and look up without passing the swarm around ({@link #global()}, {@link
 * RemoteActorRef#lookup(String, Class)}).
 *
 * <p>Every remote ask completes: with the reply, or with a {@link RemoteSendException} naming why
 * the remote node did not handle it, or with the network's {@link RemoteException}. Thread-safe.
 */
public final class ActorSwarm implements AutoCloseable {
  private record Registered(ActorRef<?> ref, String actorType) {}

  /** Where answers are serialized and written: off the actor's thread. */
  private static final Executor ANSWER_THREADS =
      task -> Thread.ofVirtual().name("kameo-actor-answer").start(task);

  private final Host host;
  private final Dht dht;
  private final boolean owned;
  private final long incarnation = newIncarnation();
  private final NodeRegistry registry;
  private final Duration timeout;
  private final ActorSwarmConfig config;
  private final PayloadCodec codec;

  /** The process's actor observer when the swarm started, or null; see io.kameo.spi.Observers. */
  private final ActorObserver observer = Observers.installed();

  /** The host's peers reported to the observer, or null without one. */
  private final ObservedPeers observedPeers;

  /** A watch by a local actor of an actor on this same node; see link(). */
  private record LocalWatch(ActorRef<?> watcher, long target) {}

  /** The watches of actors on this node by actors on this node that have not fired or ended. */
  private final Set<LocalWatch> localWatches = ConcurrentHashMap.newKeySet();

  private final Map<Long, Registered> actors = new ConcurrentHashMap<>();
  private final Map<PeerId, ActorChannel> channels = new ConcurrentHashMap<>();
  private final Map<PeerId, ReentrantLock> channelLocks = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ActorSwarm(
      Keypair keypair,
      Host host,
      Dht dht,
      boolean owned,
      RegistryConfig registryConfig,
      ActorSwarmConfig config) {
    if (!keypair.peerId().equals(host.peerId())) {
      throw new IllegalArgumentException(
          "the keypair of " + keypair.peerId() + " is not the key of host " + host.peerId());
    }
    this.host = host;
    this.dht = dht;
    this.owned = owned;
    this.timeout = host.config().streamTimeout();
    this.config = config;
    this.codec = new PayloadCodec(Encoding.valueOf(config.format().name()), config.objectMapper());
    this.registry =
        new NodeRegistry(
            keypair,
            dht,
            host::listenAddresses,
            registryConfig.recordTtl(),
            registryConfig.republishInterval(),
            registryConfig.watchInterval(),
            incarnation,
            Clock.systemUTC());
    this.observedPeers = ObservedPeers.start(host, observer);
  }

  /** Returns a random incarnation id, never 0 (so an unset field never matches). */
  private static long newIncarnation() {
    long id;
    do {
      id = new SecureRandom().nextLong();
    } while (id == 0);
    return id;
  }

  /**
   * Starts a DHT on {@code host} for a swarm: as {@link
   * io.kameo.libp2p.runtime.Libp2p#startDht(Host, DhtConfig)} does, and its values under {@code
   * /kameo/} must be signed actor registrations; this node refuses to store any other (the
   * registry's readers check every registration they read as well).
   */
  public static Dht startDht(Host host, DhtConfig config) {
    return Libp2p.startDht(
        host, config, Map.of(NameRecord.NAMESPACE, new RegistryValidator(Clock.systemUTC())));
  }

  /** Starts a DHT on {@code host} for a swarm with the default configuration; see above. */
  public static Dht startDht(Host host) {
    return startDht(host, DhtConfig.defaults());
  }

  /**
   * Starts a swarm on an existing host and DHT with the default registry timing; closing the swarm
   * leaves them open. Messages wait for their reply up to the host's stream timeout unless a call
   * gives its own.
   *
   * @param keypair the host's keypair, which signs this node's registrations
   * @param dht a DHT from {@link #startDht}
   * @throws IllegalArgumentException if {@code keypair} is not the host's, or {@code dht} does not
   *     validate actor registrations (it was not started by {@link #startDht})
   */
  public static ActorSwarm start(Keypair keypair, Host host, Dht dht) {
    return start(keypair, host, dht, RegistryConfig.defaults(), ActorSwarmConfig.defaults());
  }

  /**
   * Starts a swarm on an existing host and DHT with the given registry timing; closing the swarm
   * leaves them open.
   *
   * @param keypair the host's keypair, which signs this node's registrations
   * @param dht a DHT from {@link #startDht}
   * @throws IllegalArgumentException if {@code keypair} is not the host's, or {@code dht} does not
   *     validate actor registrations (it was not started by {@link #startDht})
   */
  public static ActorSwarm start(Keypair keypair, Host host, Dht dht, RegistryConfig config) {
    return start(keypair, host, dht, config, ActorSwarmConfig.defaults());
  }

  /**
   * Starts a swarm on an existing host and DHT with the given registry timing and messaging
   * settings (such as the maximum message size); closing the swarm leaves them open.
   *
   * @param keypair the host's keypair, which signs this node's registrations
   * @param dht a DHT from {@link #startDht}
   * @throws IllegalArgumentException if {@code keypair} is not the host's, or {@code dht} does not
   *     validate actor registrations (it was not started by {@link #startDht})
   */
  public static ActorSwarm start(
      Keypair keypair, Host host, Dht dht, RegistryConfig registryConfig, ActorSwarmConfig config) {
    Objects.requireNonNull(keypair, "keypair");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dht, "dht");
    Objects.requireNonNull(registryConfig, "registryConfig");
    Objects.requireNonNull(config, "config");
    if (!dht.validatedNamespaces().contains(NameRecord.NAMESPACE)) {
      throw new IllegalArgumentException(
          "the DHT does not validate /"
              + NameRecord.NAMESPACE
              + "/ registrations: start it with ActorSwarm.startDht");
    }
    ActorSwarm swarm = new ActorSwarm(keypair, host, dht, false, registryConfig, config);
    host.setStreamHandler(ActorEnvelope.PROTOCOL_ID, swarm::serve);
    return swarm;
  }

  /**
   * Starts a node: a host with {@code keypair} listening on {@code listen}, its DHT bootstrapped
   * from {@code bootstrap} (none for the first node), and a swarm on both, which it closes on
   * {@link #close()}.
   */
  public static ActorSwarm bootstrap(Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap) {
    return bootstrap(
        keypair, listen, bootstrap, RegistryConfig.defaults(), ActorSwarmConfig.defaults());
  }

  /**
   * Starts a node as {@link #bootstrap(Keypair, Multiaddr, List)} does, with the given registry
   * timing.
   */
  public static ActorSwarm bootstrap(
      Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap, RegistryConfig config) {
    return bootstrap(keypair, listen, bootstrap, config, ActorSwarmConfig.defaults());
  }

  /**
   * Starts a node as {@link #bootstrap(Keypair, Multiaddr, List)} does, with the given messaging
   * settings (such as the maximum message size, or {@linkplain ActorSwarmConfig#withMdns mDNS
   * discovery}, which lets {@code bootstrap} be empty on a local network).
   */
  public static ActorSwarm bootstrap(
      Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap, ActorSwarmConfig config) {
    return bootstrap(keypair, listen, bootstrap, RegistryConfig.defaults(), config);
  }

  /**
   * Starts a node as {@link #bootstrap(Keypair, Multiaddr, List)} does, with the given registry
   * timing and messaging settings.
   */
  public static ActorSwarm bootstrap(
      Keypair keypair,
      Multiaddr listen,
      List<Multiaddr> bootstrap,
      RegistryConfig registryConfig,
      ActorSwarmConfig config) {
    Objects.requireNonNull(registryConfig, "registryConfig");
    Objects.requireNonNull(config, "config");
    Host host = Libp2p.newHost(keypair, HostConfig.defaults().withMdns(config.mdns()));
    try {
      host.listen(listen);
      Dht dht = startDht(host, DhtConfig.defaults());
      if (!bootstrap.isEmpty()) {
        dht.bootstrap(bootstrap);
      }
      ActorSwarm swarm = new ActorSwarm(keypair, host, dht, true, registryConfig, config);
      host.setStreamHandler(ActorEnvelope.PROTOCOL_ID, swarm::serve);
      return swarm;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
  }

  // ------------------------------------------------------------------ the process-wide swarm

  /** The process-wide swarm, or null; set by bootstrapGlobal, cleared by its close. */
  private static final AtomicReference<ActorSwarm> GLOBAL = new AtomicReference<>();

  /**
   * Starts a node as {@link #bootstrap(Keypair, Multiaddr, List)} does and makes it this process's
   * swarm, returned by {@link #global()} until it is closed: Kameo's {@code ActorSwarm::bootstrap}
   * for small applications, which then register and look up without passing the swarm around
   * ({@link RemoteActorRef#lookup(String, Class)}).
   *
   * @throws IllegalStateException if a global swarm is already open (close it first); the new node
   *     is then closed again
   */
  public static ActorSwarm bootstrapGlobal(
      Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap) {
    return bootstrapGlobal(keypair, listen, bootstrap, ActorSwarmConfig.defaults());
  }

  /** Like {@link #bootstrapGlobal(Keypair, Multiaddr, List)}, with the given messaging settings. */
  public static ActorSwarm bootstrapGlobal(
      Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap, ActorSwarmConfig config) {
    if (GLOBAL.get() != null) {
      throw new IllegalStateException("a global actor swarm is already open: " + GLOBAL.get());
    }
    ActorSwarm swarm = bootstrap(keypair, listen, bootstrap, RegistryConfig.defaults(), config);
    if (!GLOBAL.compareAndSet(null, swarm)) {
      swarm.close();
      throw new IllegalStateException("a global actor swarm is already open: " + GLOBAL.get());
    }
    return swarm;
  }

  /**
   * Returns this process's swarm, started by {@link #bootstrapGlobal}.
   *
   * @throws IllegalStateException if none is open
   */
  public static ActorSwarm global() {
    ActorSwarm swarm = GLOBAL.get();
    if (swarm == null) {
      throw new IllegalStateException(
          "no global actor swarm: start one with ActorSwarm.bootstrapGlobal(...)");
    }
    return swarm;
  }

  /** Returns whether this swarm is open (not yet {@linkplain #close closed}). */
  public boolean isOpen() {
    return !closed.get();
  }

  /** Returns this node's peer id. */
  public PeerId peerId() {
    return host.peerId();
  }

  /** Returns this node's addresses, each ending in {@code /p2p/<peer id>}. */
  public List<Multiaddr> addresses() {
    return host.listenAddresses().stream().map(a -> a.withPeerId(host.peerId())).toList();
  }

  /** Returns the host the swarm runs on. */
  public Host host() {
    return host;
  }

  /** Returns the DHT the swarm registers in. */
  public Dht dht() {
    return dht;
  }

  /** Returns this start of the node: a random id that references from lookups carry. */
  public long incarnation() {
    return incarnation;
  }

  /**
   * Registers {@code actor} under {@code name}, exclusively: it answers remote messages from now
   * on, and its signed registration is stored on this node and the DHT peers closest to the name.
   * The registration is withdrawn when the actor stops.
   *
   * @throws io.kameo.remote.error.NameTakenException if a live registration on this or another node
   *     holds the name
   * @throws IllegalArgumentException if the actor's class is not annotated {@code @RemoteActor} or
   *     the name is empty or longer than 256 UTF-8 bytes
   */
  public <A extends Actor<A>> void register(ActorRef<A> actor, String name) {
    publish(actor, name, true);
  }

  /**
   * Adds {@code actor} to the group registered under {@code name}: many actors, on this and other
   * nodes, can join one name, and {@link #lookupAll} returns them all (like Pekko's receptionist
   * service keys). The actor leaves the group when it stops.
   *
   * @throws io.kameo.remote.error.NameTakenException if the name is registered exclusively
   * @throws IllegalArgumentException as {@link #register} does
   */
  public <A extends Actor<A>> void join(ActorRef<A> actor, String name) {
    publish(actor, name, false);
  }

  private <A extends Actor<A>> void publish(ActorRef<A> actor, String name, boolean exclusive) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(name, "name");
    checkOpen();
    String type = remoteActorType(actor.actorClass());
    long id = actor.id().sequence();
    actors.put(id, new Registered(actor, type));
    try {
      registry.register(name, new Member(id, type), exclusive);
    } catch (RuntimeException e) {
      if (!registry.holdsActor(id)) {
        actors.remove(id);
      }
      throw e;
    }
    actor
        .shutdown()
        .whenComplete(
            (r, e) -> {
              actors.remove(id);
              registry.remove(name, id);
            });
  }

  /**
   * Withdraws every registration of this node under {@code name} (exclusive or group members); the
   * actors keep running. Returns whether there was one.
   */
  public boolean unregister(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return registry.unregister(name);
  }

  /**
   * Finds the actor registered under {@code name}: the exclusive holder, or for a group its oldest
   * member; empty if no live registration holds the name.
   *
   * @throws IllegalArgumentException if {@code actorClass} is not annotated {@code @RemoteActor}
   * @throws RemoteSendException ({@link RemoteSendException.Reason#BAD_ACTOR_TYPE}) if the name
   *     belongs to actors of another type only
   */
  public <A extends Actor<A>> Optional<RemoteActorRef<A>> lookup(String name, Class<A> actorClass) {
    List<NodeRegistry.Holder> holders = holders(name, actorClass);
    String type = remoteActorType(actorClass);
    for (NodeRegistry.Holder h : holders) {
      if (h.member().actorType().equals(type)) {
        return Optional.of(ref(h, actorClass));
      }
    }
    if (!holders.isEmpty()) {
      throw new RemoteSendException(
          RemoteSendException.Reason.BAD_ACTOR_TYPE,
          "\"" + name + "\" is a " + holders.get(0).member().actorType() + ", not a " + type);
    }
    return Optional.empty();
  }

  /**
   * Returns every actor of {@code actorClass}'s type registered under {@code name} now, on every
   * node, oldest registration first: the exclusive holder alone, or every member of the group.
   * Registrations of other types are left out. Every node that can reach the DHT peers closest to
   * the name gets the same list.
   *
   * @throws IllegalArgumentException if {@code actorClass} is not annotated {@code @RemoteActor}
   */
  public <A extends Actor<A>> List<RemoteActorRef<A>> lookupAll(String name, Class<A> actorClass) {
    String type = remoteActorType(actorClass);
    return holders(name, actorClass).stream()
        .filter(h -> h.member().actorType().equals(type))
        .map(h -> ref(h, actorClass))
        .toList();
  }

  /**
   * Watches {@code name}: {@code listener} is told of each actor of {@code actorClass}'s type that
   * joins or leaves the name. The name is looked up once before this method returns, and those
   * actors are reported first (as {@link NameEvent.Joined}), so every change after the return is
   * reported. Then the name is looked up every {@link RegistryConfig#watchInterval()}, so a change
   * is reported within that interval plus one lookup after {@link #lookupAll} would see it; a node
   * that dies without a word leaves within {@link RegistryConfig#recordTtl()} plus that. The
   * listener runs on the registry's watch thread, one event at a time (a slow listener delays the
   * next look, nothing queues up); an exception it throws is logged and the watch goes on.
   *
   * @throws IllegalArgumentException if {@code actorClass} is not annotated {@code @RemoteActor}
   */
  public <A extends Actor<A>> NameWatch watch(
      String name, Class<A> actorClass, Consumer<? super NameEvent<A>> listener) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(listener, "listener");
    String type = remoteActorType(actorClass);
    checkOpen();
    Runnable stop =
        registry.watch(
            name,
            change -> {
              if (change.holder().member().actorType().equals(type)) {
                RemoteActorRef<A> ref = ref(change.holder(), actorClass);
                listener.accept(
                    change.joined() ? new NameEvent.Joined<>(ref) : new NameEvent.Left<>(ref));
              }
            });
    return stop::run;
  }

  private List<NodeRegistry.Holder> holders(String name, Class<?> actorClass) {
    Objects.requireNonNull(name, "name");
    remoteActorType(actorClass);
    checkOpen();
    return registry.holders(name);
  }

  private <A extends Actor<A>> RemoteActorRef<A> ref(NodeRegistry.Holder h, Class<A> actorClass) {
    if (!h.peer().equals(host.peerId())) {
      h.addrs().forEach(a -> host.addAddress(h.peer(), a));
    }
    return new RemoteActorRef<>(
        this, h.peer(), h.incarnation(), h.member().actorId(), h.member().actorType(), actorClass);
  }

  private static String remoteActorType(Class<?> actorClass) {
    return RemoteMessages.actorId(actorClass)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    actorClass.getName() + " is not annotated @RemoteActor"));
  }

  // ------------------------------------------------------------------ sending

  /** How a message goes to a remote actor. */
  enum Mode {
    /** Waits for the reply. */
    ASK,
    /** Fire and forget: returns once the message is queued to be written. */
    TELL,
    /** Like {@link #TELL}, but fails at once instead of waiting for room. */
    TRY_TELL,
    /** Waits for word that the remote mailbox took the message. */
    ACKED_TELL
  }

  /**
   * A message ready to go: its handler entry, payload and the envelope built from a request id.
   * Built before anything is sent, so bad messages fail at once with the message handed back.
   */
  private record Outgoing(
      RemoteActorRef<?> to,
      Message<?, ?> message,
      RemoteMessages.Entry entry,
      LongFunction<ActorEnvelope> envelope) {}

  /**
   * The timeouts of one message: how long this node waits for room (a credit) for the actor and for
   * the answer in all, and what the serving node is told to wait for room in the mailbox and for
   * the reply (null: its own defaults, the actor's mailbox timeout and the node's stream timeout).
   */
  record Timeouts(Duration room, Duration total, Duration remoteMailbox, Duration remoteReply) {
    /** The defaults: {@code timeout} here, the serving node's own there. */
    static Timeouts of(Duration timeout) {
      return new Timeouts(timeout, timeout, null, null);
    }
  }

  /**
   * Sends {@code message} to a remote actor and waits: an ask for its reply, an acknowledged tell
   * for word that the mailbox took it, a tell only for room (a credit) for the actor. Returns the
   * reply of an ask, {@code Boolean.FALSE} for a {@code TRY_TELL} that found no room, else null.
   */
  Object send(RemoteActorRef<?> to, Message<?, ?> message, Mode mode, Timeouts timeouts) {
    long deadline = System.nanoTime() + timeouts.total().toNanos();
    Duration mailboxTimeout = timeouts.room();
    Outgoing out = prepare(to, message, mode, timeouts);
    ActorChannel.Request request =
        dispatch(
            out,
            mode == Mode.ASK || mode == Mode.ACKED_TELL,
            mode == Mode.TRY_TELL,
            mailboxTimeout);
    if (request == null) {
      return Boolean.FALSE;
    }
    if (request.answer() == null) {
      return null;
    }
    ActorReply reply;
    try {
      reply = await(request.answer(), to, out.entry().messageId(), left(deadline));
    } finally {
      request.forget();
    }
    if (mode == Mode.TRY_TELL && reply.error() == RemoteSendException.Reason.MAILBOX_FULL) {
      return Boolean.FALSE;
    }
    return result(out, reply, mode == Mode.ASK);
  }

  /**
   * Sends an ask like {@link #send} and returns a future of the reply, completed on a new virtual
   * thread (never the channel's reader), at the latest when the total timeout has passed. With
   * {@code tryOnly} it does not wait for room: the future fails with {@link
   * RemoteSendException.Reason#MAILBOX_FULL} at once if there is none.
   */
  <R> CompletableFuture<R> sendAsync(
      RemoteActorRef<?> to, Message<?, R> message, Timeouts timeouts, boolean tryOnly) {
    long deadline = System.nanoTime() + timeouts.total().toNanos();
    ActorChannel.Request request;
    Outgoing out;
    try {
      out = prepare(to, message, Mode.ASK, timeouts);
      request = dispatch(out, true, tryOnly, timeouts.room());
      if (request == null) {
        throw noRoom(to, message);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<R> result = new CompletableFuture<>();
    Duration wait = left(deadline);
    // orTimeout's timer is cancelled when the answer comes first, so a completed ask holds none
    request
        .answer()
        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (reply, error) ->
                ANSWER_THREADS.execute(
                    () -> {
                      request.forget();
                      try {
                        if (error != null) {
                          throw failure(error, to, out.entry().messageId(), wait);
                        }
                        @SuppressWarnings("unchecked")
                        R value = (R) result(out, reply, true);
                        result.complete(value);
                      } catch (RuntimeException e) {
                        result.completeExceptionally(e);
                      }
                    }));
    return result;
  }

  /** Finds the handler, serializes the message and checks its size; throws handing it back. */
  private Outgoing prepare(
      RemoteActorRef<?> to, Message<?, ?> message, Mode mode, Timeouts timeouts) {
    checkOpen();
    RemoteMessages.Entry entry =
        RemoteMessages.find(to.actorClass(), message.getClass())
            .orElseThrow(
                () ->
                    new RemoteSendException(
                        RemoteSendException.Reason.UNKNOWN_MESSAGE,
                        message.getClass().getName()
                            + " has no @RemoteMessage handler in "
                            + to.actorClass().getName(),
                        message,
                        null));
    byte[] payload;
    try {
      if (mode == Mode.ASK) {
        PayloadCodec.check(entry.replyClass());
      }
      payload = codec.encode(message);
    } catch (PayloadCodec.PayloadException e) {
      throw new RemoteSendException(
          RemoteSendException.Reason.SERIALIZATION, e.getMessage(), message, e);
    }
    boolean ask = mode == Mode.ASK;
    boolean ack = mode == Mode.ACKED_TELL;
    long mailboxMillis = millis(timeouts.remoteMailbox());
    long replyMillis = ask ? millis(timeouts.remoteReply()) : 0;
    LongFunction<ActorEnvelope> envelope =
        id ->
            new ActorEnvelope(
                to.id().sequence(),
                to.actorType(),
                entry.messageId(),
                ask,
                payload,
                id,
                to.incarnation(),
                ack,
                codec.format(),
                mailboxMillis,
                replyMillis);
    int size = ActorFrame.wrappedSize(envelope.apply(0));
    if (size > config.maxMessageSize()) {
      throw new RemoteSendException(
          RemoteSendException.Reason.MESSAGE_TOO_LARGE,
          message.getClass().getName()
              + " is "
              + size
              + " bytes serialized, above the maximum message size of "
              + config.maxMessageSize()
              + " bytes; it was not sent",
          message,
          null);
    }
    return new Outgoing(to, message, entry, envelope);
  }

  /** A timeout on the wire: whole milliseconds, at least 1; 0 for none (the receiver's own). */
  private static long millis(Duration timeout) {
    return timeout == null ? 0 : Math.max(1, timeout.toMillis());
  }

  /**
   * Sends the message on the channel to its node, or hands it to {@link #handle} if the actor is
   * here. Returns its request (whose answer is null unless {@code answered}), or null if {@code
   * tryOnly} and the actor has no room for it.
   */
  private ActorChannel.Request dispatch(
      Outgoing out, boolean answered, boolean tryOnly, Duration mailboxTimeout) {
    RemoteActorRef<?> to = out.to();
    if (to.peer().equals(host.peerId())) {
      // the actor lives on this node: the same path as a remote request, without the network
      ActorEnvelope envelope = out.envelope().apply(0);
      return new ActorChannel.Request(null, 0, handle(envelope, tryOnly));
    }
    try {
      // a try does not wait for room, but may have to open the channel first
      return channel(to.peer(), tryOnly ? this.timeout : mailboxTimeout)
          .send(to.id().sequence(), answered, out.envelope(), mailboxTimeout, !tryOnly);
    } catch (RemoteSendException e) {
      throw e.message().isPresent()
          ? e
          : new RemoteSendException(e.reason(), e.getMessage(), out.message(), e.getCause());
    }
  }

  /** Turns an answer into the reply (for an ask) or null, or throws why the message failed. */
  private Object result(Outgoing out, ActorReply reply, boolean ask) {
    RemoteSendException.Reason error = reply.error();
    if (error != null) {
      if (error == RemoteSendException.Reason.UNKNOWN_ACTOR
          || error == RemoteSendException.Reason.STALE_REF
          || error == RemoteSendException.Reason.ACTOR_NOT_RUNNING
          || error == RemoteSendException.Reason.ACTOR_STOPPED) {
        out.to().markGone();
      }
      throw new RemoteSendException(
          error, reply.errorMessage(), undelivered(error) ? out.message() : null, null);
    }
    if (!ask || out.entry().replyClass() == Void.class) {
      return null;
    }
    String what = out.message().getClass().getName();
    if (reply.format() != codec.format()) {
      throw new RemoteSendException(
          RemoteSendException.Reason.FORMAT_MISMATCH,
          "the reply to " + what + " is " + reply.format() + ", this node reads " + codec.format());
    }
    try {
      return codec.decode(reply.payload(), out.entry().replyClass());
    } catch (PayloadCodec.PayloadException e) {
      throw new RemoteSendException(
          RemoteSendException.Reason.SERIALIZATION,
          "the reply to " + what + ": " + e.getMessage(),
          e);
    }
  }

  /** Whether a message refused for {@code reason} by the serving node was certainly not handled. */
  private static boolean undelivered(RemoteSendException.Reason reason) {
    return switch (reason) {
      case HANDLER_FAILED, REPLY_TIMEOUT, ACTOR_STOPPED -> false;
      default -> true;
    };
  }

  private static RemoteSendException noRoom(RemoteActorRef<?> to, Object message) {
    return new RemoteSendException(
        RemoteSendException.Reason.MAILBOX_FULL,
        "no room for another message in flight to " + to + " now; it was not sent",
        message,
        null);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
  }

  private static ActorReply await(
      CompletableFuture<ActorReply> answer,
      RemoteActorRef<?> to,
      String what,
      Duration replyTimeout) {
    try {
      return answer.get(replyTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while waiting for " + to, e);
    } catch (TimeoutException | ExecutionException e) {
      throw failure(e, to, what, replyTimeout);
    }
  }

  /** The exception an ask fails with when its answer failed with {@code error} or timed out. */
  private static RuntimeException failure(
      Throwable error, RemoteActorRef<?> to, String what, Duration replyTimeout) {
    Throwable cause =
        (error instanceof ExecutionException || error instanceof CompletionException)
                && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause instanceof TimeoutException) {
      return new RemoteTimeoutException(
          "no answer to " + what + " from " + to + " within " + replyTimeout);
    }
    return cause instanceof RemoteException r
        ? r
        : new StreamResetException("request to " + to + " failed", cause);
  }

  /**
   * Links (or, with {@code watch}, makes watch) {@code local} with the remote actor: see {@link
   * RemoteActorRef#link}. Waits up to {@code timeout} for the remote node's answer.
   */
  void link(ActorRef<?> local, RemoteActorRef<?> remote, boolean watch, Duration timeout) {
    checkOpen();
    if (remote.peer().equals(host.peerId())) {
      Registered target = actors.get(remote.id().sequence());
      if (remote.incarnation() != incarnation) {
        throw new RemoteSendException(
            RemoteSendException.Reason.STALE_REF,
            remote + " names an earlier incarnation of this node; look the name up again");
      }
      if (target == null) {
        throw unknownLinkTarget(remote);
      }
      if (watch) {
        // a watch on this node: only the watcher is told, as a remote watch does; unlink or the
        // watcher's own stop takes the watch out, so a cancelled watch tells nobody
        LocalWatch key = new LocalWatch(local, remote.id().sequence());
        if (localWatches.add(key)) {
          target
              .ref()
              .shutdown()
              .thenAccept(
                  r -> {
                    if (localWatches.remove(key)) {
                      LinkSignals.linkDied(local, target.ref().id(), r.reason());
                    }
                  });
          local.shutdown().thenAccept(r -> localWatches.remove(key));
        }
      } else {
        local.link(target.ref());
      }
      return;
    }
    ActorChannel channel = channel(remote.peer(), timeout);
    ActorChannel.Request request =
        channel.link(local, remote.id().sequence(), remote.incarnation(), watch, timeout);
    ActorReply answer;
    try {
      answer = await(request.answer(), remote, "link", timeout);
    } catch (RuntimeException e) {
      channel.dropLink(local, remote.id().sequence());
      throw e;
    } finally {
      request.forget();
    }
    if (answer.error() != null) {
      channel.dropLink(local, remote.id().sequence());
      throw new RemoteSendException(answer.error(), answer.errorMessage());
    }
  }

  /** Removes a link or watch made by {@link #link}; does nothing if there is none. */
  void unlink(ActorRef<?> local, RemoteActorRef<?> remote) {
    if (remote.peer().equals(host.peerId())) {
      localWatches.remove(new LocalWatch(local, remote.id().sequence()));
      Registered target = actors.get(remote.id().sequence());
      if (target != null) {
        local.unlink(target.ref());
      }
      return;
    }
    ActorChannel channel = channels.get(remote.peer());
    if (channel != null) {
      channel.unlink(local, remote.id().sequence());
    }
  }

  private RemoteSendException unknownLinkTarget(RemoteActorRef<?> remote) {
    return new RemoteSendException(
        RemoteSendException.Reason.UNKNOWN_ACTOR,
        "no actor "
            + remote.id().sequence()
            + " is registered on "
            + host.peerId()
            + " to link to");
  }

  /** Returns the open channel to {@code peer}, opening one (a dial and a stream) if none is. */
  private ActorChannel channel(PeerId peer, Duration timeout) {
    ActorChannel channel = channels.get(peer);
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    // one opener per peer; a slow dial to one node does not hold up channels to the others
    ReentrantLock lock = channelLocks.computeIfAbsent(peer, p -> new ReentrantLock());
    lock.lock();
    try {
      channel = channels.get(peer);
      if (channel == null || !channel.isOpen()) {
        Stream stream =
            CountingStream.observed(
                host.newStream(peer, ActorEnvelope.PROTOCOL_ID, timeout), observer);
        channel = ActorChannel.start(stream, config.maxMessageSize());
        channels.put(peer, channel);
      }
      return channel;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ serving

  /**
   * Serves one sender's stream ({@link InboundChannel}): its messages go into per-actor inboxes, so
   * a full mailbox holds up only the messages to that actor, and answers go back as they come,
   * matched by request id.
   */
  private void serve(Stream stream) {
    InboundChannel.serve(
        CountingStream.observed(stream, observer),
        new InboundChannel.Dispatcher() {
          @Override
          public CompletableFuture<ActorReply> deliver(ActorEnvelope envelope) {
            return handle(envelope, false);
          }

          @Override
          public CompletableFuture<ActorReply> tryDeliver(ActorEnvelope envelope) {
            return handle(envelope, true);
          }

          @Override
          public ActorRef<?> actor(long actorId) {
            Registered r = actors.get(actorId);
            return r == null ? null : r.ref();
          }

          @Override
          public long incarnation() {
            return incarnation;
          }
        },
        config.maxMessageSize(),
        closed::get);
  }

  /**
   * Puts the envelope's message into its actor's mailbox (waiting while a bounded mailbox is full,
   * as the actor's mailbox timeout allows, unless {@code tryOnly}) and returns the future answer:
   * completed at once for a tell or an error, when the actor replies for an ask.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private CompletableFuture<ActorReply> handle(ActorEnvelope envelope, boolean tryOnly) {
    long id = envelope.requestId();
    if (envelope.incarnation() != incarnation) {
      return failed(
          id,
          RemoteSendException.Reason.STALE_REF,
          "actor "
              + envelope.actorId()
              + " of incarnation "
              + Long.toHexString(envelope.incarnation())
              + " is gone: "
              + host.peerId()
              + " restarted (now incarnation "
              + Long.toHexString(incarnation)
              + "); look the name up again");
    }
    Registered target = actors.get(envelope.actorId());
    if (target == null) {
      return failed(
          id,
          RemoteSendException.Reason.UNKNOWN_ACTOR,
          "no actor " + envelope.actorId() + " is registered on " + host.peerId());
    }
    if (!target.actorType().equals(envelope.actorType())) {
      return failed(
          id,
          RemoteSendException.Reason.BAD_ACTOR_TYPE,
          "actor "
              + envelope.actorId()
              + " is a "
              + target.actorType()
              + ", not a "
              + envelope.actorType());
    }
    Optional<RemoteMessages.Entry> entry =
        RemoteMessages.find(envelope.actorType(), envelope.messageId());
    if (entry.isEmpty()) {
      return failed(
          id,
          RemoteSendException.Reason.UNKNOWN_MESSAGE,
          target.actorType() + " has no @RemoteMessage(\"" + envelope.messageId() + "\")");
    }
    if (envelope.format() != codec.format()) {
      return failed(
          id,
          RemoteSendException.Reason.FORMAT_MISMATCH,
          "the message is "
              + envelope.format()
              + " but "
              + host.peerId()
              + " reads "
              + codec.format()
              + "; give every node the same ActorSwarmConfig format");
    }
    Message message;
    try {
      message = (Message) codec.decode(envelope.payload(), entry.get().messageClass());
    } catch (PayloadCodec.PayloadException | ClassCastException e) {
      return failed(id, RemoteSendException.Reason.SERIALIZATION, e.getMessage());
    }
    ActorRef ref = target.ref();
    // the sender's timeouts, bounded so that a peer cannot make this node hold a message forever
    Duration mailboxTimeout = bounded(envelope.mailboxTimeoutMillis());
    Duration replyTimeout =
        envelope.replyTimeoutMillis() == 0 ? timeout : bounded(envelope.replyTimeoutMillis());
    try {
      if (!envelope.ask()) {
        if (tryOnly && !ref.tryTell(message)) {
          return failed(id, RemoteSendException.Reason.MAILBOX_FULL, "the mailbox is full");
        }
        if (!tryOnly) {
          if (mailboxTimeout == null) {
            ref.tell(message);
          } else {
            ref.tell(message, mailboxTimeout);
          }
        }
        return CompletableFuture.completedFuture(ActorReply.ok(id, new byte[0]));
      }
      AskRequest request = ref.request(message).replyTimeout(replyTimeout);
      if (mailboxTimeout != null) {
        request.mailboxTimeout(mailboxTimeout);
      }
      CompletableFuture<Object> result = tryOnly ? request.trySend() : request.sendAsync();
      if (result.isCompletedExceptionally()) {
        // refused at once (a full mailbox for a try): say so now, not on another thread
        return CompletableFuture.completedFuture(toReply(id, null, result.exceptionNow()));
      }
      // encoded off the actor's thread: encoding and writing there measured slower with 64
      // concurrent askers (docs/design/performance.md, Remote)
      return result.handleAsync((r, e) -> toReply(id, r, e), ANSWER_THREADS);
    } catch (SendException e) {
      return failed(id, reason(e), e.getMessage());
    }
  }

  /** The longest a node waits for room or a reply on a sender's behalf. */
  static final Duration MAX_REMOTE_TIMEOUT = Duration.ofHours(1);

  /** A timeout from the wire, at most {@link #MAX_REMOTE_TIMEOUT}; null for 0 (the default). */
  private static Duration bounded(long millis) {
    return millis == 0 ? null : Duration.ofMillis(Math.min(millis, MAX_REMOTE_TIMEOUT.toMillis()));
  }

  private ActorReply toReply(long id, Object result, Throwable failure) {
    if (failure instanceof CompletionException c && c.getCause() != null) {
      failure = c.getCause();
    }
    if (failure instanceof SendException e) {
      return ActorReply.failed(id, reason(e), e.getMessage());
    }
    if (failure != null) {
      return ActorReply.failed(id, RemoteSendException.Reason.HANDLER_FAILED, failure.toString());
    }
    try {
      return ActorReply.ok(id, codec.encode(result), codec.format());
    } catch (PayloadCodec.PayloadException e) {
      return ActorReply.failed(
          id, RemoteSendException.Reason.SERIALIZATION, "the reply: " + e.getMessage());
    }
  }

  private static CompletableFuture<ActorReply> failed(
      long id, RemoteSendException.Reason reason, String message) {
    return CompletableFuture.completedFuture(ActorReply.failed(id, reason, message));
  }

  private static RemoteSendException.Reason reason(SendException e) {
    return switch (e) {
      case SendException.ActorNotRunning n -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
      case SendException.ActorStopped s ->
          s.message().isPresent()
              ? RemoteSendException.Reason.ACTOR_NOT_RUNNING
              : RemoteSendException.Reason.ACTOR_STOPPED;
      case SendException.MailboxFull f -> RemoteSendException.Reason.MAILBOX_FULL;
      case SendException.HandlerFailed h -> RemoteSendException.Reason.HANDLER_FAILED;
      case SendException.Timeout t ->
          t.isMailboxTimeout()
              ? RemoteSendException.Reason.MAILBOX_FULL
              : RemoteSendException.Reason.REPLY_TIMEOUT;
      // the receiving thread was interrupted (the node is closing) while waiting for room in a
      // full mailbox; the message text says whether the message was queued
      case SendException.Interrupted i -> RemoteSendException.Reason.MAILBOX_FULL;
    };
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the actor swarm is closed");
    }
  }

  /**
   * Withdraws every name this node holds and stops answering remote messages; a swarm from {@link
   * #bootstrap} or {@link #bootstrapGlobal} also closes its node, and the global swarm stops being
   * {@link #global()}. The withdrawals, including those of actors that stopped just before, are
   * stored before the node closes, so other nodes' lookups and watches lose its actors at once.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      GLOBAL.compareAndSet(this, null);
      registry.close();
      host.removeStreamHandler(ActorEnvelope.PROTOCOL_ID);
      actors.clear();
      channels.values().forEach(ActorChannel::close);
      channels.clear();
      if (observedPeers != null) {
        observedPeers.close();
      }
      if (owned) {
        dht.close();
        host.close();
      }
    }
  }
}
