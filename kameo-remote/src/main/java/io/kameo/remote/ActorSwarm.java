package io.kameo.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kameo.Actor;
import io.kameo.ActorRef;
import io.kameo.Message;
import io.kameo.SendException;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes local actors reachable from other nodes and finds theirs: the Java counterpart of Kameo's
 * actor swarm. {@link #register} publishes an actor under a name in the {@link Dht}; {@link
 * #lookup} finds a name and returns a {@link RemoteActorRef} that sends {@code ask} and {@code
 * tell} over the {@link Host} ({@value ActorEnvelope#PROTOCOL_ID}, one stream per message). A
 * {@code tell} returns once the remote actor's mailbox took the message, so the messages one thread
 * sends to one remote actor arrive in the order it sent them.
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

  private final Host host;
  private final Dht dht;
  private final boolean owned;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, Registered> actors = new ConcurrentHashMap<>();
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

  /** Sends {@code message} to a remote actor; returns the reply for an ask, null for a tell. */
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
    ActorEnvelope envelope =
        new ActorEnvelope(to.actorId(), to.actorType(), entry.messageId(), ask, payload);
    try (Stream stream = host.newStream(to.peer(), ActorEnvelope.PROTOCOL_ID)) {
      StreamFrames.write(stream, envelope.encode(), replyTimeout);
      byte[] frame = StreamFrames.read(stream, replyTimeout, MAX_MESSAGE);
      if (frame == null) {
        throw new StreamResetException(
            "node " + to.peer() + " closed the stream without a reply to " + entry.messageId());
      }
      ActorReply reply = ActorReply.decode(frame);
      if (reply.error() != null) {
        throw new RemoteSendException(reply.error(), reply.errorMessage());
      }
      return !ask || entry.replyClass() == Void.class
          ? null
          : json.readValue(reply.payload(), entry.replyClass());
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
    } catch (IllegalArgumentException e) {
      throw new StreamResetException(
          "node " + to.peer() + " sent a malformed reply: " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ serving

  private void serve(Stream stream) {
    ActorEnvelope envelope;
    try {
      byte[] frame = StreamFrames.read(stream, timeout, MAX_MESSAGE);
      if (frame == null) {
        return;
      }
      envelope = ActorEnvelope.decode(frame);
    } catch (IllegalArgumentException | RemoteTimeoutException e) {
      LOG.debug("remote message from {} rejected: {}", stream.peer(), e.getMessage());
      stream.reset();
      return;
    }
    // an ask gets its reply; a tell gets an empty answer once the mailbox took the message, so a
    // sender's tells and asks reach the actor in the order it sent them
    StreamFrames.write(stream, handle(envelope).encode(), timeout);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ActorReply handle(ActorEnvelope envelope) {
    Registered target = actors.get(envelope.actorId());
    if (target == null) {
      return ActorReply.failed(
          RemoteSendException.Reason.UNKNOWN_ACTOR,
          "no actor " + envelope.actorId() + " is registered on " + host.peerId());
    }
    if (!target.actorType().equals(envelope.actorType())) {
      return ActorReply.failed(
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
      return ActorReply.failed(
          RemoteSendException.Reason.UNKNOWN_MESSAGE,
          target.actorType() + " has no @RemoteMessage(\"" + envelope.messageId() + "\")");
    }
    Message message;
    try {
      message = (Message) json.readValue(envelope.payload(), entry.get().messageClass());
    } catch (IOException | ClassCastException e) {
      return ActorReply.failed(
          RemoteSendException.Reason.SERIALIZATION,
          "cannot deserialize " + entry.get().messageClass().getName() + ": " + e.getMessage());
    }
    ActorRef ref = target.ref();
    try {
      if (!envelope.ask()) {
        ref.tell(message);
        return ActorReply.ok(new byte[0]);
      }
      // bounded like the sender's wait, so a handler that never replies does not hold this
      // stream's thread forever
      Object result = ref.request(message).replyTimeout(timeout).send();
      return ActorReply.ok(json.writeValueAsBytes(result));
    } catch (SendException e) {
      return ActorReply.failed(reason(e), e.getMessage());
    } catch (IOException e) {
      return ActorReply.failed(
          RemoteSendException.Reason.SERIALIZATION,
          "cannot serialize the reply: " + e.getMessage());
    }
  }

  private static RemoteSendException.Reason reason(SendException e) {
    return switch (e) {
      case SendException.ActorNotRunning n -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
      case SendException.ActorStopped s -> RemoteSendException.Reason.ACTOR_NOT_RUNNING;
      case SendException.MailboxFull f -> RemoteSendException.Reason.MAILBOX_FULL;
      case SendException.HandlerFailed h -> RemoteSendException.Reason.HANDLER_FAILED;
      case SendException.Timeout t -> RemoteSendException.Reason.REPLY_TIMEOUT;
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
      if (owned) {
        dht.close();
        host.close();
      }
    }
  }
}
