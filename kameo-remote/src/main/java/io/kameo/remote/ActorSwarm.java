package io.kameo.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.SendException;
import io.kameo.remote.internal.actor.ActorChannel;
import io.kameo.remote.internal.actor.ActorEnvelope;
import io.kameo.remote.internal.actor.ActorRegistration;
import io.kameo.remote.internal.actor.ActorReply;
import io.kameo.remote.internal.wire.StreamFrames;
import io.kameo.spi.RemoteMessages;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes local actors reachable from other nodes and finds theirs: the Java counterpart of Kameo's
 * actor swarm. {@link #register} publishes an actor under a name in the {@link Dht}; {@link
 * #lookup} finds a name and returns a {@link RemoteActorRef} that sends {@code ask} and {@code
 * tell} over the {@link Host} ({@value ActorEnvelope#PROTOCOL_ID}: one long-lived stream from each
 * node to each other node, many requests in flight on it). A {@code tell} returns once the remote
 * actor's mailbox took the message, and a node puts one stream's messages into mailboxes in the
 * order they came, so the messages one thread sends to one remote actor arrive in that order.
 *
 * <p>Only actors whose class is annotated {@code @RemoteActor} can be registered, and only their
 * {@code @Handler} methods annotated {@code @RemoteMessage} can be called remotely: the annotation
 * processor records the ids at compile time, so messages are routed without reflection. Messages
 * and replies travel as JSON (Jackson): they must be records or Jackson-serializable classes, and
 * in a named module their packages must be open to {@code com.fasterxml.jackson.databind}.
 *
 * <p>Every remote ask completes: with the reply, or with a {@link RemoteSendException} naming why
 * the remote node did not handle it, or with the network's {@link RemoteException}. Thread-safe.
 */
public final class ActorSwarm implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorSwarm.class);

  /** The largest message or reply accepted, serialized: 16 MiB. */
  static final int MAX_MESSAGE = 16 << 20;

  private record Registered(ActorRef<?> ref, String actorType) {}

  /** How long a reading side waits between frames before it looks again; not a failure. */
  private static final Duration IDLE_POLL = Duration.ofMinutes(5);

  /** Where answers are serialized and written: off the actor's thread. */
  private static final Executor ANSWER_THREADS =
      task -> Thread.ofVirtual().name("kameo-actor-answer").start(task);

  private final Host host;
  private final Dht dht;
  private final boolean owned;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, Registered> actors = new ConcurrentHashMap<>();
  private final Map<PeerId, ActorChannel> channels = new ConcurrentHashMap<>();
  private final Map<PeerId, ReentrantLock> channelLocks = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ActorSwarm(Host host, Dht dht, boolean owned) {
    this.host = host;
    this.dht = dht;
    this.owned = owned;
    this.timeout = host.config().streamTimeout();
  }

  /**
   * Starts a swarm on an existing host and DHT; closing the swarm leaves them open. Messages wait
   * for their reply up to the host's stream timeout unless a call gives its own.
   */
  public static ActorSwarm start(Host host, Dht dht) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dht, "dht");
    ActorSwarm swarm = new ActorSwarm(host, dht, false);
    host.setStreamHandler(ActorEnvelope.PROTOCOL_ID, swarm::serve);
    return swarm;
  }

  /**
   * Starts a node: a host with {@code keypair} listening on {@code listen}, its DHT bootstrapped
   * from {@code bootstrap} (none for the first node), and a swarm on both, which it closes on
   * {@link #close()}.
   */
  public static ActorSwarm bootstrap(Keypair keypair, Multiaddr listen, List<Multiaddr> bootstrap) {
    Host host = Host.create(keypair);
    try {
      host.listen(listen);
      Dht dht = Dht.start(host);
      if (!bootstrap.isEmpty()) {
        dht.bootstrap(bootstrap);
      }
      ActorSwarm swarm = new ActorSwarm(host, dht, true);
      host.setStreamHandler(ActorEnvelope.PROTOCOL_ID, swarm::serve);
      return swarm;
    } catch (RuntimeException e) {
      host.close();
      throw e;
    }
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

  /**
   * Registers {@code actor} under {@code name}: it answers remote messages from now on, and the
   * name is stored on the DHT peers closest to it. The actor is unregistered here when it stops.
   *
   * @throws IllegalArgumentException if the actor's class is not annotated {@code @RemoteActor}
   */
  public <A extends Actor<A>> void register(ActorRef<A> actor, String name) {
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(name, "name");
    checkOpen();
    String type = remoteActorType(actor.actorClass());
    long id = actor.id().sequence();
    actors.put(id, new Registered(actor, type));
    actor.shutdown().whenComplete((r, e) -> actors.remove(id));
    ActorRegistration registration =
        new ActorRegistration(host.peerId(), id, type, host.listenAddresses());
    dht.putValue(ActorRegistration.key(name), registration.encode());
  }

  /**
   * Finds the actor registered under {@code name}; empty if no node knows the name.
   *
   * @throws IllegalArgumentException if {@code actorClass} is not annotated {@code @RemoteActor}
   * @throws RemoteSendException ({@link RemoteSendException.Reason#BAD_ACTOR_TYPE}) if the name
   *     belongs to an actor of another type
   */
  public <A extends Actor<A>> Optional<RemoteActorRef<A>> lookup(String name, Class<A> actorClass) {
    Objects.requireNonNull(name, "name");
    String type = remoteActorType(actorClass);
    checkOpen();
    Optional<byte[]> value = dht.getValue(ActorRegistration.key(name));
    if (value.isEmpty()) {
      return Optional.empty();
    }
    ActorRegistration found;
    try {
      found = ActorRegistration.decode(value.get());
    } catch (IllegalArgumentException e) {
      throw new RemoteSendException(
          RemoteSendException.Reason.SERIALIZATION,
          "the registration of \"" + name + "\" is malformed: " + e.getMessage(),
          e);
    }
    if (!found.actorType().equals(type)) {
      throw new RemoteSendException(
          RemoteSendException.Reason.BAD_ACTOR_TYPE,
          "\"" + name + "\" is a " + found.actorType() + ", not a " + type);
    }
    if (!found.peer().equals(host.peerId())) {
      found.addrs().forEach(a -> host.addAddress(found.peer(), a));
    }
    return Optional.of(new RemoteActorRef<>(this, found.peer(), found.actorId(), type, actorClass));
  }

  private static String remoteActorType(Class<?> actorClass) {
    return RemoteMessages.actorId(actorClass)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    actorClass.getName() + " is not annotated @RemoteActor"));
  }

  // ------------------------------------------------------------------ sending

  /**
   * Sends {@code message} to a remote actor on the channel to its node and waits up to {@code
   * replyTimeout} for the answer: the reply of an ask, or, for a tell, word that the mailbox took
   * it. Returns the reply (null for a tell).
   */
  Object send(RemoteActorRef<?> to, Message<?, ?> message, boolean ask, Duration replyTimeout) {
    checkOpen();
    RemoteMessages.Entry entry =
        RemoteMessages.find(to.actorClass(), message.getClass())
            .orElseThrow(
                () ->
                    new RemoteSendException(
                        RemoteSendException.Reason.UNKNOWN_MESSAGE,
                        message.getClass().getName()
                            + " has no @RemoteMessage handler in "
                            + to.actorClass().getName()));
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(message);
    } catch (IOException e) {
      throw new RemoteSendException(
          RemoteSendException.Reason.SERIALIZATION,
          "cannot serialize " + message.getClass().getName() + ": " + e.getMessage(),
          e);
    }
    ActorReply reply;
    if (to.peer().equals(host.peerId())) {
      // the actor lives on this node: the same path as a remote request, without the network
      ActorEnvelope envelope =
          new ActorEnvelope(to.actorId(), to.actorType(), entry.messageId(), ask, payload, 0);
      reply = await(handle(envelope), to, entry, replyTimeout);
    } else {
      ActorChannel.Request request =
          channel(to.peer(), replyTimeout)
              .send(
                  id ->
                      new ActorEnvelope(
                          to.actorId(), to.actorType(), entry.messageId(), ask, payload, id),
                  replyTimeout);
      try {
        reply = await(request.answer(), to, entry, replyTimeout);
      } finally {
        request.forget();
      }
    }
    if (reply.error() != null) {
      throw new RemoteSendException(reply.error(), reply.errorMessage());
    }
    if (!ask || entry.replyClass() == Void.class) {
      return null;
    }
    try {
      return json.readValue(reply.payload(), entry.replyClass());
    } catch (IOException e) {
      throw new RemoteSendException(
          RemoteSendException.Reason.SERIALIZATION,
          "cannot deserialize the reply to "
              + message.getClass().getName()
              + " as "
              + entry.replyClass().getName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static ActorReply await(
      CompletableFuture<ActorReply> answer,
      RemoteActorRef<?> to,
      RemoteMessages.Entry entry,
      Duration replyTimeout) {
    try {
      return answer.get(replyTimeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RemoteTimeoutException(
          "no answer to " + entry.messageId() + " from " + to + " within " + replyTimeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RemoteException r
          ? r
          : new StreamResetException("request to " + to + " failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while waiting for " + to, e);
    }
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
        Stream stream = host.newStream(peer, ActorEnvelope.PROTOCOL_ID, timeout);
        channel = ActorChannel.start(stream, MAX_MESSAGE);
        channels.put(peer, channel);
      }
      return channel;
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ serving

  /**
   * Serves one sender's stream: requests are taken in order, each message goes into its actor's
   * mailbox before the next request is read (so one sender's messages keep their order), and the
   * answers go back as they come, in any order, matched by request id.
   */
  private void serve(Stream stream) {
    ReentrantLock writeLock = new ReentrantLock();
    while (!closed.get()) {
      ActorEnvelope envelope;
      try {
        byte[] frame = StreamFrames.read(stream, IDLE_POLL, MAX_MESSAGE);
        if (frame == null) {
          return;
        }
        envelope = ActorEnvelope.decode(frame);
      } catch (RemoteTimeoutException idle) {
        continue;
      } catch (IllegalArgumentException e) {
        LOG.debug("remote message from {} rejected: {}", stream.peer(), e.getMessage());
        stream.reset();
        return;
      }
      handle(envelope).thenAccept(reply -> answer(stream, writeLock, reply));
    }
  }

  private void answer(Stream stream, ReentrantLock writeLock, ActorReply reply) {
    writeLock.lock();
    try {
      StreamFrames.write(stream, reply.encode(), timeout);
    } catch (RemoteException e) {
      LOG.debug("answer to {} not sent: {}", stream.peer(), e.getMessage());
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Puts the envelope's message into its actor's mailbox (waiting while a bounded mailbox is full)
   * and returns the future answer: completed at once for a tell or an error, when the actor replies
   * for an ask.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private CompletableFuture<ActorReply> handle(ActorEnvelope envelope) {
    long id = envelope.requestId();
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
    Message message;
    try {
      message = (Message) json.readValue(envelope.payload(), entry.get().messageClass());
    } catch (IOException | ClassCastException e) {
      return failed(
          id,
          RemoteSendException.Reason.SERIALIZATION,
          "cannot deserialize " + entry.get().messageClass().getName() + ": " + e.getMessage());
    }
    ActorRef ref = target.ref();
    try {
      if (!envelope.ask()) {
        ref.tell(message);
        return CompletableFuture.completedFuture(ActorReply.ok(id, new byte[0]));
      }
      // bounded like the sender's wait, so a handler that never replies holds nothing forever
      CompletableFuture<Object> result = ref.request(message).replyTimeout(timeout).sendAsync();
      return result.handleAsync((r, e) -> toReply(id, r, e), ANSWER_THREADS);
    } catch (SendException e) {
      return failed(id, reason(e), e.getMessage());
    }
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
      return ActorReply.ok(id, json.writeValueAsBytes(result));
    } catch (IOException e) {
      return ActorReply.failed(
          id, RemoteSendException.Reason.SERIALIZATION, "cannot serialize the reply: " + e);
    }
  }

  private static CompletableFuture<ActorReply> failed(
      long id, RemoteSendException.Reason reason, String message) {
    return CompletableFuture.completedFuture(ActorReply.failed(id, reason, message));
  }

  private static RemoteSendException.Reason reason(SendException e) {
    return switch (e) {
      case SendException.ActorNotRunning n -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
      case SendException.ActorStopped s -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
      case SendException.MailboxFull f -> RemoteSendException.Reason.MAILBOX_FULL;
      case SendException.HandlerFailed h -> RemoteSendException.Reason.HANDLER_FAILED;
      case SendException.Timeout t -> RemoteSendException.Reason.REPLY_TIMEOUT;
      // the serving thread was interrupted: this node is shutting down its actor serving
      case SendException.Interrupted i -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
    };
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the actor swarm is closed");
    }
  }

  /** Stops answering remote messages; a swarm from {@link #bootstrap} also closes its node. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      host.removeStreamHandler(ActorEnvelope.PROTOCOL_ID);
      actors.clear();
      channels.values().forEach(ActorChannel::close);
      channels.clear();
      if (owned) {
        dht.close();
        host.close();
      }
    }
  }
}
