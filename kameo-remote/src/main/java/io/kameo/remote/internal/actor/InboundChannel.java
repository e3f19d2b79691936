package io.kameo.remote.internal.actor;

import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.StopReason;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.internal.frames.StreamFrames;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.internal.jfr.RemoteMessageReceived;
import io.kameo.spi.LinkSignals;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The serving side of one peer's actor stream (the other end of its {@link
 * ActorChannel}): reads its frames in order and puts each message straight into its target actor's
 * mailbox when that has room and no earlier message to the actor is waiting. Otherwise the message
 * goes into a small inbox for the actor; each non-empty inbox has its own virtual thread that moves
 * the messages, in order, into the actor's mailbox, waiting there while a bounded mailbox is full;
 * so a full mailbox holds up only the messages to that actor, one sender's messages to one actor
 * keep their order, and the reading never waits for a mailbox.
 *
 * <p>Each message taken into a mailbox is granted back to the sender as credit ({@link
 * ActorFrame.Grant}), in batches of at most a quarter window per actor; a sender keeps at most
 * {@link ActorChannel#WINDOW} messages and {@link ActorChannel#WINDOW_BYTES} counted bytes per
 * actor in flight, so an inbox holds at most that much. A message beyond it (a sender that ignores
 * its credits) is refused with {@link RemoteSendException.Reason#MAILBOX_FULL}, not queued.
 * Answers, grants and link deaths go back through one {@link FrameWriter}.
 *
 * <p>Links made from the peer live as long as the stream: when it ends, each linked local actor's
 * {@code onLinkDied} runs with {@link StopReason.PeerDisconnected}. A peer holds at most {@value
 * #MAX_LINKS} links and watches here at a time.
 */
public final class InboundChannel {
  private static final Logger LOG = LoggerFactory.getLogger(InboundChannel.class);

  /** How long the reader waits between frames before it looks again; not a failure. */
  private static final Duration IDLE_POLL = Duration.ofMinutes(5);

  /** The most links and watches one peer may hold on this node at a time. */
  static final int MAX_LINKS = 4096;

  /** How long queuing an answer may wait for the writer's room. */
  private static final Duration ANSWER_WAIT = Duration.ofSeconds(30);

  /** What the serving node does with the messages: the actor swarm. */
  public interface Dispatcher {
    /**
     * Puts the envelope's message into its actor's mailbox, waiting while it is full as the actor's
     * mailbox timeout allows, and returns the future answer: completed once the mailbox took a
     * tell, when the actor replies to an ask, or at once with an error.
     */
    CompletableFuture<ActorReply> deliver(ActorEnvelope envelope);

    /**
     * Puts the envelope's message into its actor's mailbox like {@link #deliver} if the mailbox has
     * room now, without waiting; a full mailbox answers at once with {@link
     * RemoteSendException.Reason#MAILBOX_FULL}, the message not queued.
     */
    CompletableFuture<ActorReply> tryDeliver(ActorEnvelope envelope);

    /** Returns the local actor registered under {@code actorId}, or null. */
    ActorRef<?> actor(long actorId);

    /** Returns this node's incarnation, which a link must name. */
    long incarnation();
  }

  /** The messages from this peer for one actor not yet in its mailbox; guarded by {@code lock}. */
  private static final class Inbox {
    final ArrayDeque<Queued> queue = new ArrayDeque<>();
    long queuedCost; // byte credits of the queued messages
    int accepted; // messages taken into the mailbox and not yet granted back
    long acceptedCost; // their byte credits
  }

  /** A message in an inbox with what it counts against the byte window. */
  private record Queued(ActorEnvelope envelope, int cost) {}

  /** A link or watch between a local actor and an actor on the peer. */
  private record LinkKey(long local, long remote) {}

  private final Stream stream;
  private final Dispatcher dispatcher;
  private final int maxFrame;
  private final FrameWriter writer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, Inbox> inboxes = new HashMap<>();

  /**
   * Credits of the messages the reader put straight into mailboxes and not yet granted back, by
   * actor: {messages, bytes}. The reader's own; granted once they reach a quarter of the window, or
   * with the inbox's when the actor's mailbox turns out full. Never more than a quarter window is
   * held here, so a sender whose messages all reached the mailbox has at least three quarters of
   * its window; and credits of a burst are not granted before the next message shows whether the
   * actor keeps up (a stuck actor's senders get none back early).
   */
  private final Map<Long, long[]> direct = new HashMap<>();

  private final Map<LinkKey, ActorRef<?>> links = new ConcurrentHashMap<>();
  private final Map<LinkKey, Boolean> watches = new ConcurrentHashMap<>();

  /**
   * The local actors with a stop hook for this stream's links: one hook per actor, not per link.
   */
  private final Set<Long> hooked = ConcurrentHashMap.newKeySet();

  private InboundChannel(Stream stream, Dispatcher dispatcher, int maxFrame) {
    this.stream = stream;
    this.dispatcher = dispatcher;
    this.maxFrame = maxFrame;
    this.writer =
        FrameWriter.start(
            stream,
            "kameo-actor-answers-" + stream.peer(),
            e -> LOG.debug("answers to {} stopped: {}", stream.peer(), e.getMessage()));
  }

  /**
   * Serves {@code stream} on the calling thread until it ends or {@code closed} says so; frames
   * above {@code maxFrame} bytes are skipped (answered with {@link
   * RemoteSendException.Reason#MESSAGE_TOO_LARGE}), a malformed frame resets the stream.
   */
  public static void serve(
      Stream stream, Dispatcher dispatcher, int maxFrame, BooleanSupplier closed) {
    InboundChannel channel = new InboundChannel(stream, dispatcher, maxFrame);
    try {
      channel.read(closed);
    } finally {
      channel.end();
    }
  }

  private void read(BooleanSupplier closed) {
    FrameReader reader = new FrameReader(stream);
    while (!closed.getAsBoolean()) {
      ActorFrame frame;
      int frameLength;
      try {
        StreamFrames.Frame read = reader.next(IDLE_POLL, maxFrame, ActorChannel.HEAD_BYTES);
        if (read == null) {
          return;
        }
        if (read.oversized()) {
          oversized(read);
          continue;
        }
        frame = ActorFrame.unwrap(read.body());
        frameLength = read.body().length;
      } catch (RemoteTimeoutException idle) {
        continue;
      } catch (RemoteException e) {
        LOG.debug("actor stream from {} ended: {}", stream.peer(), e.getMessage());
        return;
      } catch (IllegalArgumentException e) {
        LOG.debug("actor frame from {} rejected: {}", stream.peer(), e.getMessage());
        stream.reset();
        return;
      }
      switch (frame) {
        case ActorEnvelope envelope -> enqueue(envelope, ActorChannel.cost(frameLength));
        case ActorFrame.Link link -> link(link);
        case ActorFrame.Unlink unlink -> {
          LinkKey key = new LinkKey(unlink.target(), unlink.source());
          links.remove(key);
          watches.remove(key);
        }
        case ActorFrame.LinkDied died -> remoteStopped(died);
        default -> {
          LOG.debug("unexpected {} from {}", frame.getClass().getSimpleName(), stream.peer());
          stream.reset();
          return;
        }
      }
    }
  }

  // ------------------------------------------------------------------ messages

  private void enqueue(ActorEnvelope envelope, int cost) {
    if (dispatcher.actor(envelope.actorId()) == null) {
      // nothing to wait for: answer (UNKNOWN_ACTOR) and give the credit back here, so a peer
      // naming actors that do not exist makes no inboxes or threads
      deliver(envelope);
      queue(new ActorFrame.Grant(envelope.actorId(), 1, cost));
      return;
    }
    Inbox inbox;
    boolean start;
    lock.lock();
    try {
      // an inbox is in the map exactly while its thread runs: that thread removes it, under this
      // lock, when it finds it empty; only this (the reader's) thread adds one
      inbox = inboxes.get(envelope.actorId());
    } finally {
      lock.unlock();
    }
    if (inbox == null && deliverNow(envelope, cost)) {
      return;
    }
    lock.lock();
    try {
      inbox = inboxes.get(envelope.actorId());
      start = inbox == null;
      if (start) {
        inbox = new Inbox();
        inboxes.put(envelope.actorId(), inbox);
        // the actor's mailbox is full: the credits of what went straight in are granted with the
        // inbox's, once it moves again, so a sender to a stuck actor gets no credit back early
        long[] held = direct.remove(envelope.actorId());
        if (held != null) {
          inbox.accepted += (int) held[0];
          inbox.acceptedCost += held[1];
        }
      }
      if (inbox.queue.size() >= ActorChannel.WINDOW
          || inbox.queuedCost + cost > ActorChannel.WINDOW_BYTES) {
        inbox = null; // (a new inbox is empty and always has room: start is false here)
      } else {
        inbox.queue.add(new Queued(envelope, cost));
        inbox.queuedCost += cost;
      }
    } finally {
      lock.unlock();
    }
    if (inbox == null) {
      refuseOverflow(envelope);
    } else if (start) {
      Inbox drained = inbox;
      Thread.ofVirtual()
          .name("kameo-actor-inbox-" + envelope.actorId())
          .start(() -> drain(envelope.actorId(), drained));
    }
  }

  /**
   * Puts the message into its actor's mailbox from the reader's thread if the mailbox has room now
   * (no earlier message to the actor waits in an inbox: the caller saw none, and only this thread
   * makes inboxes); returns false, nothing sent, if it is full.
   */
  private boolean deliverNow(ActorEnvelope envelope, int cost) {
    CompletableFuture<ActorReply> answer;
    try {
      answer = dispatcher.tryDeliver(envelope);
    } catch (RuntimeException e) {
      answer = handlerFailed(envelope, e);
    }
    if (answer.isDone()
        && !answer.isCompletedExceptionally()
        && answer.join().error() == RemoteSendException.Reason.MAILBOX_FULL) {
      return false;
    }
    received(envelope);
    answered(envelope, answer);
    long[] credit = direct.computeIfAbsent(envelope.actorId(), a -> new long[2]);
    credit[0]++;
    credit[1] += cost;
    if (credit[0] >= ActorChannel.WINDOW / 4) {
      direct.remove(envelope.actorId());
      queue(new ActorFrame.Grant(envelope.actorId(), (int) credit[0], credit[1]));
    }
    return true;
  }

  private void refuseOverflow(ActorEnvelope envelope) {
    LOG.debug(
        "{} sent more than its credits ({} messages, {} bytes) to actor {}: refused",
        stream.peer(),
        ActorChannel.WINDOW,
        ActorChannel.WINDOW_BYTES,
        envelope.actorId());
    if (envelope.answered()) {
      answer(
          ActorReply.failed(
              envelope.requestId(),
              RemoteSendException.Reason.MAILBOX_FULL,
              "more messages in flight to one actor than its credits allow"));
    }
  }

  /**
   * Moves one actor's inbox into its mailbox until the inbox is empty. Runs on the inbox's own
   * thread; there is at most one per inbox (started when the inbox became non-empty, ended under
   * the lock when it finds it empty).
   */
  private void drain(long actorId, Inbox inbox) {
    while (true) {
      Queued next;
      int grant = 0;
      long grantBytes = 0;
      lock.lock();
      try {
        next = inbox.queue.poll();
        if (next == null || inbox.accepted >= ActorChannel.WINDOW / 4) {
          grant = inbox.accepted;
          grantBytes = inbox.acceptedCost;
          inbox.accepted = 0;
          inbox.acceptedCost = 0;
        }
        if (next == null) {
          inboxes.remove(actorId);
        }
      } finally {
        lock.unlock();
      }
      if (grant > 0) {
        queue(new ActorFrame.Grant(actorId, grant, grantBytes));
      }
      if (next == null) {
        return;
      }
      deliver(next.envelope());
      lock.lock();
      try {
        inbox.queuedCost -= next.cost();
        inbox.accepted++;
        inbox.acceptedCost += next.cost();
      } finally {
        lock.unlock();
      }
    }
  }

  private void deliver(ActorEnvelope envelope) {
    received(envelope);
    CompletableFuture<ActorReply> answer;
    try {
      answer = dispatcher.deliver(envelope);
    } catch (RuntimeException e) {
      answer = handlerFailed(envelope, e);
    }
    answered(envelope, answer);
  }

  private static CompletableFuture<ActorReply> handlerFailed(
      ActorEnvelope envelope, RuntimeException e) {
    return CompletableFuture.completedFuture(
        ActorReply.failed(
            envelope.requestId(), RemoteSendException.Reason.HANDLER_FAILED, e.toString()));
  }

  private void received(ActorEnvelope envelope) {
    RemoteMessageReceived received = new RemoteMessageReceived();
    if (received.isEnabled()) {
      received.peer = stream.peer().toString();
      received.actorId = envelope.actorId();
      received.requestId = envelope.requestId();
      received.actorType = envelope.actorType();
      received.messageId = envelope.messageId();
      received.payloadBytes = envelope.payload().length;
      received.commit();
    }
  }

  /** Sends the answer back once it comes, for an answered message; logs a tell's failure. */
  private void answered(ActorEnvelope envelope, CompletableFuture<ActorReply> answer) {
    if (envelope.answered()) {
      answer.thenAccept(this::answer);
    } else {
      answer.thenAccept(
          reply -> {
            if (reply.error() != null) {
              LOG.debug(
                  "tell from {} to actor {} not delivered: {} {}",
                  stream.peer(),
                  envelope.actorId(),
                  reply.error(),
                  reply.errorMessage());
            }
          });
    }
  }

  private void oversized(StreamFrames.Frame read) {
    ActorFrame.Head head = ActorFrame.peek(read.body());
    String what =
        "a message of "
            + read.length()
            + " bytes is above the receiving node's limit of "
            + maxFrame
            + " bytes";
    LOG.debug("from {}: {}", stream.peer(), what);
    if (head == null || !head.envelope()) {
      return;
    }
    if (head.answered()) {
      answer(
          ActorReply.failed(head.requestId(), RemoteSendException.Reason.MESSAGE_TOO_LARGE, what));
    }
    // its credits: it never reached an inbox (the sender counted the same frame length)
    queue(new ActorFrame.Grant(head.actorId(), 1, ActorChannel.cost((int) read.length())));
  }

  /** Queues an answer, refusing a reply above the limit with an error that names its size. */
  private void answer(ActorReply reply) {
    byte[] frame = ActorFrame.wrap(reply);
    if (frame.length > maxFrame) {
      frame =
          ActorFrame.wrap(
              ActorReply.failed(
                  reply.requestId(),
                  RemoteSendException.Reason.MESSAGE_TOO_LARGE,
                  "the reply of "
                      + reply.payload().length
                      + " bytes is above the limit of "
                      + maxFrame
                      + " bytes"));
    }
    // must not wait for room where a reply completes: a peer that reads nothing would hold up
    // that thread; then a thread of its own waits instead
    try {
      if (writer.offer(frame)) {
        return;
      }
    } catch (RemoteException e) {
      LOG.debug("answer to {} not sent: {}", stream.peer(), e.getMessage());
      return;
    }
    byte[] waiting = frame;
    Thread.ofVirtual().name("kameo-actor-answer-" + stream.peer()).start(() -> queue(waiting));
  }

  private void queue(ActorFrame frame) {
    queue(ActorFrame.wrap(frame));
  }

  private void queue(byte[] frame) {
    try {
      writer.queue(frame, ANSWER_WAIT);
    } catch (RemoteException e) {
      LOG.debug("answer to {} not sent: {}", stream.peer(), e.getMessage());
    }
  }

  // ------------------------------------------------------------------ links

  private void link(ActorFrame.Link link) {
    if (link.incarnation() != dispatcher.incarnation()) {
      answer(
          ActorReply.failed(
              link.requestId(),
              RemoteSendException.Reason.STALE_REF,
              "actor "
                  + link.target()
                  + " of incarnation "
                  + Long.toHexString(link.incarnation())
                  + " is gone: this node restarted; look the name up again"));
      return;
    }
    ActorRef<?> target = dispatcher.actor(link.target());
    if (target == null) {
      answer(
          ActorReply.failed(
              link.requestId(),
              RemoteSendException.Reason.UNKNOWN_ACTOR,
              "no actor " + link.target() + " is registered here to link to"));
      return;
    }
    LinkKey key = new LinkKey(link.target(), link.source());
    if (links.size() + watches.size() >= MAX_LINKS
        && !links.containsKey(key)
        && !watches.containsKey(key)) {
      answer(
          ActorReply.failed(
              link.requestId(),
              RemoteSendException.Reason.MAILBOX_FULL,
              "node " + stream.peer() + " holds " + MAX_LINKS + " links here already"));
      return;
    }
    if (link.watch()) {
      watches.put(key, Boolean.TRUE);
    } else {
      links.put(key, target);
    }
    answer(ActorReply.ok(link.requestId(), new byte[0]));
    if (hooked.add(link.target())) {
      long id = link.target();
      target.shutdown().whenComplete((r, e) -> localStopped(id, r == null ? null : r.reason()));
    }
  }

  /** A local actor stopped: its links and watches from the peer hear why, then end. */
  private void localStopped(long actorId, StopReason reason) {
    hooked.remove(actorId);
    StopReason why = reason == null ? StopReason.KILLED : reason;
    for (LinkKey key : List.copyOf(links.keySet())) {
      if (key.local() == actorId && links.remove(key) != null) {
        queue(new ActorFrame.LinkDied(actorId, key.remote(), why));
      }
    }
    for (LinkKey key : List.copyOf(watches.keySet())) {
      if (key.local() == actorId && watches.remove(key) != null) {
        queue(new ActorFrame.LinkDied(actorId, key.remote(), why));
      }
    }
  }

  private void remoteStopped(ActorFrame.LinkDied died) {
    LinkKey key = new LinkKey(died.linked(), died.dead());
    watches.remove(key);
    ActorRef<?> local = links.remove(key);
    if (local != null) {
      LinkSignals.linkDied(local, ActorId.of(died.dead(), stream.peer().toString()), died.reason());
    }
  }

  /** The stream ended: links report the peer as disconnected, the writer stops. */
  private void end() {
    writer.close();
    watches.clear();
    StopReason lost = new StopReason.PeerDisconnected(stream.peer().toString());
    for (LinkKey key : List.copyOf(links.keySet())) {
      ActorRef<?> local = links.remove(key);
      if (local != null) {
        LinkSignals.linkDied(local, ActorId.of(key.remote(), stream.peer().toString()), lost);
      }
    }
  }
}
