package io.kameo.remote.internal.actor;

import io.kameo.ActorId;
import io.kameo.ActorRef;
import io.kameo.StopReason;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.frames.StreamFrames;
import io.kameo.remote.error.RemoteSendException;
import io.kameo.remote.internal.jfr.RemoteMessageFailed;
import io.kameo.remote.internal.jfr.RemoteMessageSent;
import io.kameo.spi.LinkSignals;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The sending side of remote actor messaging to one peer: one long-lived stream on
 * which messages go out pipelined (a {@link FrameWriter}), each ask with its own request id, and a
 * reader thread that matches the answers to them, takes the receiver's credit grants and its link
 * deaths.
 *
 * <p><b>Flow control.</b> For each target actor the channel holds {@link #WINDOW} message credits
 * and {@link #WINDOW_BYTES} byte credits: a message takes one message credit and its frame's length
 * in bytes (at most {@link #WINDOW_BYTES}), and the receiver grants them back once the message is
 * in the actor's mailbox (a quarter window at a time at most). When the channel fails, senders
 * waiting for credit stop waiting and throw its failure. A sender to an actor whose credits are
 * used up waits (up to its timeout) or, for {@code tryTell}, fails at once; messages to other
 * actors go on. So a full mailbox pushes back on the senders to that actor only, and the receiver
 * holds at most {@link #WINDOW} messages and {@code max(WINDOW_BYTES, maximum message size)} bytes
 * per sending node and actor.
 *
 * <p><b>Links.</b> {@link #link} links a local actor with one on the peer; the link lives on this
 * channel. When the peer reports the remote actor's stop the local one's {@code onLinkDied} runs
 * with the reason; when the channel fails, with {@link StopReason.PeerDisconnected}.
 *
 * <p>When the stream fails, every pending request fails with the reason and the channel is dead
 * ({@link #isOpen()} false); the owner opens a new one for later requests. Thread-safe. The
 * messages one thread sends keep their order on the wire.
 */
public final class ActorChannel {
  private static final Logger LOG = LoggerFactory.getLogger(ActorChannel.class);

  /** Messages in flight per target actor before the sender waits for the receiver's grant. */
  public static final int WINDOW = 64;

  /** Bytes in flight per target actor before the sender waits: 8 MiB. */
  public static final int WINDOW_BYTES = 8 << 20;

  /** What one message counts against an actor's byte window. */
  static int cost(int frameLength) {
    return Math.min(frameLength, WINDOW_BYTES);
  }

  /** The credits for one target actor. */
  private record Window(Semaphore messages, Semaphore bytes) {}

  /** How many first bytes of an oversized frame are read to tell whom it concerns. */
  static final int HEAD_BYTES = 64;

  /** How long the reader waits between frames before it looks again; not a failure. */
  private static final Duration IDLE_POLL = Duration.ofMinutes(5);

  /** A link of a local actor with an actor on the peer. */
  private record LinkKey(ActorRef<?> local, long remote) {}

  private final Stream stream;
  private final int maxFrame;
  private final FrameWriter writer;
  private final Map<Long, CompletableFuture<ActorReply>> pending = new ConcurrentHashMap<>();
  private final Map<Long, Window> credits = new ConcurrentHashMap<>();
  private final Map<LinkKey, Boolean> links = new ConcurrentHashMap<>();

  /** The local actors with a stop hook for this channel's links: one hook per actor. */
  private final Set<ActorRef<?>> hooked = ConcurrentHashMap.newKeySet();

  private final AtomicLong nextId = new AtomicLong(1);
  private volatile RemoteException failure;

  private ActorChannel(Stream stream, int maxFrame) {
    this.stream = stream;
    this.maxFrame = maxFrame;
    this.writer = FrameWriter.start(stream, "kameo-actor-writer-" + stream.peer(), this::fail);
  }

  /**
   * Starts a channel on {@code stream}, already negotiated for the actor protocol; frames above
   * {@code maxFrame} bytes are refused both ways.
   */
  public static ActorChannel start(Stream stream, int maxFrame) {
    ActorChannel channel = new ActorChannel(stream, maxFrame);
    Thread.ofVirtual().name("kameo-actor-channel-" + stream.peer()).start(channel::readReplies);
    return channel;
  }

  /** Returns whether requests can still be sent. */
  public boolean isOpen() {
    return failure == null;
  }

  /**
   * Sends the envelope built by {@code envelope} from a fresh request id to actor {@code actorId}
   * and returns its request, whose answer is null for a plain tell (nothing comes back). Waits up
   * to {@code timeout} for a credit for the actor, or not at all if {@code wait} is false.
   *
   * @return the request, or null if {@code wait} is false and the actor has no credit left
   * @throws RemoteSendException ({@link RemoteSendException.Reason#MAILBOX_FULL}) if no credit came
   *     within {@code timeout}
   * @throws RemoteException if the channel failed
   */
  public Request send(
      long actorId,
      boolean answered,
      LongFunction<ActorEnvelope> envelope,
      Duration timeout,
      boolean wait) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long id = nextId.getAndIncrement();
    ActorEnvelope built = envelope.apply(id);
    byte[] frame = ActorFrame.wrap(built);
    int cost = cost(frame.length);
    Window window =
        credits.computeIfAbsent(
            actorId, a -> new Window(new Semaphore(WINDOW), new Semaphore(WINDOW_BYTES)));
    if (!acquire(window, cost, actorId, deadline, timeout, wait)) {
      return null;
    }
    CompletableFuture<ActorReply> answer = answered ? new CompletableFuture<>() : null;
    if (answer != null) {
      pending.put(id, answer);
    }
    try {
      checkOpen(); // after the put: see fail()
      writer.queue(frame, left(deadline));
    } catch (RuntimeException e) {
      pending.remove(id);
      window.messages().release();
      window.bytes().release(cost);
      throw e;
    }
    RemoteMessageSent sent = new RemoteMessageSent();
    if (sent.isEnabled()) {
      sent.peer = stream.peer().toString();
      sent.actorId = actorId;
      sent.requestId = id;
      sent.actorType = built.actorType();
      sent.messageId = built.messageId();
      sent.ask = built.ask();
      sent.payloadBytes = built.payload().length;
      sent.commit();
    }
    return new Request(this, id, answer);
  }

  /** Takes a message credit and {@code cost} byte credits, both or neither. */
  private boolean acquire(
      Window window, int cost, long actorId, long deadline, Duration timeout, boolean wait) {
    checkOpen();
    if (!wait) {
      if (!window.messages().tryAcquire()) {
        return false;
      }
      if (window.bytes().tryAcquire(cost)) {
        return true;
      }
      window.messages().release();
      return false;
    }
    try {
      if (window.messages().tryAcquire(left(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
        if (window.bytes().tryAcquire(cost, left(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
          return true;
        }
        window.messages().release();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while waiting to send to " + stream.peer(), e);
    }
    checkOpen();
    RemoteMessageFailed failed = new RemoteMessageFailed();
    if (failed.isEnabled()) {
      failed.peer = stream.peer().toString();
      failed.actorId = actorId;
      failed.reason = RemoteSendException.Reason.MAILBOX_FULL.name();
      failed.detail = "no credit within " + timeout;
      failed.commit();
    }
    throw new RemoteSendException(
        RemoteSendException.Reason.MAILBOX_FULL,
        "actor "
            + actorId
            + " on "
            + stream.peer()
            + " took none of the messages in flight to it from this node (at most "
            + WINDOW
            + " messages, "
            + WINDOW_BYTES
            + " bytes) into its mailbox within "
            + timeout);
  }

  private static Duration left(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  /**
   * A request in flight: its id and the future of its answer.
   *
   * @param channel the channel it was sent on, or null for a request to an actor on this node
   * @param id its request id
   * @param answer completed with the answer, or failed if the channel fails first; null for a plain
   *     tell
   */
  public record Request(ActorChannel channel, long id, CompletableFuture<ActorReply> answer) {
    /** Drops the request once its sender stopped waiting; a late answer is then ignored. */
    public void forget() {
      if (channel != null) {
        channel.pending.remove(id);
      }
    }
  }

  /**
   * Links {@code local} with actor {@code remote} on the peer ({@code watch}: only {@code local} is
   * told) and returns the future answer: a failed {@link ActorReply} if the peer has no such actor.
   * From now on the remote actor's stop, or this channel's failure, reaches {@code local}'s {@code
   * onLinkDied}; {@code local}'s stop reaches the peer.
   */
  public Request link(
      ActorRef<?> local, long remote, long incarnation, boolean watch, Duration timeout) {
    LinkKey key = new LinkKey(local, remote);
    links.put(key, watch);
    long id = nextId.getAndIncrement();
    CompletableFuture<ActorReply> answer = new CompletableFuture<>();
    pending.put(id, answer);
    try {
      checkOpen(); // after the puts: see fail()
      writer.queue(
          ActorFrame.wrap(
              new ActorFrame.Link(id, remote, local.id().sequence(), watch, incarnation)),
          timeout);
    } catch (RuntimeException e) {
      pending.remove(id);
      links.remove(key);
      throw e;
    }
    if (hooked.add(local)) {
      local.shutdown().whenComplete((r, e) -> localStopped(local, r == null ? null : r.reason()));
    }
    return new Request(this, id, answer);
  }

  /** Removes the link or watch of {@code local} with {@code remote}, here and on the peer. */
  public void unlink(ActorRef<?> local, long remote) {
    if (links.remove(new LinkKey(local, remote)) != null && isOpen()) {
      queueQuietly(new ActorFrame.Unlink(remote, local.id().sequence()));
    }
  }

  /** Forgets a link whose request the peer refused. */
  public void dropLink(ActorRef<?> local, long remote) {
    links.remove(new LinkKey(local, remote));
  }

  /** A local actor stopped: the peer hears why for each of its links, which end. */
  private void localStopped(ActorRef<?> local, StopReason reason) {
    hooked.remove(local);
    StopReason why = reason == null ? StopReason.KILLED : reason;
    for (LinkKey key : links.keySet()) {
      if (key.local().equals(local) && links.remove(key) != null && isOpen()) {
        queueQuietly(new ActorFrame.LinkDied(local.id().sequence(), key.remote(), why));
      }
    }
  }

  private void queueQuietly(ActorFrame frame) {
    try {
      writer.queue(ActorFrame.wrap(frame), IDLE_POLL);
    } catch (RemoteException e) {
      LOG.debug("{} to {} not sent: {}", frame, stream.peer(), e.getMessage());
    }
  }

  /** Closes the channel: pending requests fail, links report the peer as disconnected. */
  public void close() {
    fail(new StreamResetException("actor channel to " + stream.peer() + " closed"));
  }

  private void readReplies() {
    FrameReader reader = new FrameReader(stream);
    try {
      while (failure == null) {
        StreamFrames.Frame frame;
        try {
          frame = reader.next(IDLE_POLL, maxFrame, HEAD_BYTES);
        } catch (RemoteTimeoutException idle) {
          continue;
        }
        if (frame == null) {
          fail(new StreamResetException("node " + stream.peer() + " closed the actor stream"));
          return;
        }
        if (frame.oversized()) {
          oversizedReply(frame);
          continue;
        }
        ActorFrame received = ActorFrame.unwrap(frame.body());
        switch (received) {
          case ActorReply reply -> {
            if (reply.error() != null) {
              failed(reply);
            }
            CompletableFuture<ActorReply> answer = pending.remove(reply.requestId());
            if (answer != null) {
              answer.complete(reply);
            }
          }
          case ActorFrame.Grant grant -> {
            Window window = credits.get(grant.actorId());
            if (window != null) {
              // about the window at most, whatever the peer grants: senders only take credits or
              // give back what they took, so a window is never lifted much above its size
              Semaphore m = window.messages();
              Semaphore b = window.bytes();
              m.release(Math.max(0, Math.min(grant.messages(), WINDOW - m.availablePermits())));
              b.release(
                  (int) Math.max(0, Math.min(grant.bytes(), WINDOW_BYTES - b.availablePermits())));
            }
          }
          case ActorFrame.LinkDied died -> remoteStopped(died);
          default ->
              throw new IllegalArgumentException(
                  "unexpected frame from the receiving side: "
                      + received.getClass().getSimpleName());
        }
      }
    } catch (RemoteException e) {
      fail(e);
    } catch (IllegalArgumentException e) {
      fail(
          new StreamResetException(
              "node " + stream.peer() + " sent a malformed answer: " + e.getMessage(), e));
      stream.reset();
    }
  }

  private void failed(ActorReply reply) {
    RemoteMessageFailed failed = new RemoteMessageFailed();
    if (failed.isEnabled()) {
      failed.peer = stream.peer().toString();
      failed.requestId = reply.requestId();
      failed.reason = reply.error().name();
      failed.detail = reply.errorMessage();
      failed.commit();
    }
  }

  private void oversizedReply(StreamFrames.Frame frame) {
    ActorFrame.Head head = ActorFrame.peek(frame.body());
    CompletableFuture<ActorReply> answer =
        head == null || head.envelope() ? null : pending.remove(head.requestId());
    String what =
        "the answer of "
            + frame.length()
            + " bytes from "
            + stream.peer()
            + " is above this node's limit of "
            + maxFrame
            + " bytes";
    LOG.debug("{}: dropped", what);
    if (answer != null) {
      answer.complete(
          ActorReply.failed(head.requestId(), RemoteSendException.Reason.MESSAGE_TOO_LARGE, what));
    }
  }

  private void remoteStopped(ActorFrame.LinkDied died) {
    for (LinkKey key : links.keySet()) {
      if (key.remote() == died.dead()
          && key.local().id().sequence() == died.linked()
          && links.remove(key) != null) {
        LinkSignals.linkDied(
            key.local(), ActorId.of(died.dead(), stream.peer().toString()), died.reason());
      }
    }
  }

  private void checkOpen() {
    RemoteException dead = failure;
    if (dead != null) {
      throw new StreamResetException(
          "actor channel to " + stream.peer() + " failed: " + dead.getMessage(), dead);
    }
  }

  private void fail(RemoteException cause) {
    if (failure == null) {
      failure = cause;
    }
    writer.close();
    stream.reset();
    // send() and link() put, then read failure; this writes failure, then drains. Both are
    // volatile or concurrent-map accesses, so either they see the failure or this sees their
    // entry: nothing is left pending on a dead channel.
    for (Long id : pending.keySet()) {
      CompletableFuture<ActorReply> answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(cause);
      }
    }
    // senders waiting for credit learn of the failure now, not at their timeout: given credit,
    // they find the channel failed (acquire and send check after taking it) and give it back
    for (Window window : credits.values()) {
      window.messages().release(WINDOW);
      window.bytes().release(WINDOW_BYTES);
    }
    StopReason lost = new StopReason.PeerDisconnected(stream.peer().toString());
    for (LinkKey key : links.keySet()) {
      if (links.remove(key) != null) {
        LinkSignals.linkDied(key.local(), ActorId.of(key.remote(), stream.peer().toString()), lost);
      }
    }
  }
}
