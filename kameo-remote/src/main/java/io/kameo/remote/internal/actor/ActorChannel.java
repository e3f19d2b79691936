package io.kameo.remote.internal.actor;

import io.kameo.remote.RemoteException;
import io.kameo.remote.RemoteTimeoutException;
import io.kameo.remote.Stream;
import io.kameo.remote.StreamResetException;
import io.kameo.remote.internal.wire.StreamFrames;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API. The sending side of remote actor messaging to one peer: one long-lived stream on
 * which requests go out in the order they are sent, each with its own id, and a reader thread that
 * matches the answers to them. Many requests can be in flight; none waits for a stream to be opened
 * or negotiated.
 *
 * <p>When the stream fails, every pending request fails with the reason and the channel is dead
 * ({@link #isOpen()} false); the owner opens a new one for later requests. Thread-safe: writes are
 * serialized by a lock, so one thread's requests keep their order on the wire.
 */
public final class ActorChannel {
  /** How long the reader waits between frames before it looks again; not a failure. */
  private static final Duration IDLE_POLL = Duration.ofMinutes(5);

  private final Stream stream;
  private final int maxFrame;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final Map<Long, CompletableFuture<ActorReply>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile RemoteException failure;

  private ActorChannel(Stream stream, int maxFrame) {
    this.stream = stream;
    this.maxFrame = maxFrame;
  }

  /** Starts a channel on {@code stream}, already negotiated for the actor protocol. */
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
   * Sends a request built by {@code envelope} from a fresh request id and returns a future of its
   * answer, failed with a {@link RemoteException} if the channel fails first. The caller owns the
   * wait: on giving up it must call {@link Request#forget}.
   */
  public Request send(java.util.function.LongFunction<ActorEnvelope> envelope, Duration timeout) {
    long id = nextId.getAndIncrement();
    CompletableFuture<ActorReply> answer = new CompletableFuture<>();
    // put, then read failure; fail() writes failure, then drains pending. Both are volatile or
    // concurrent-map accesses, so either this sees the failure or fail() sees the request: a
    // request is never left pending on a dead channel.
    pending.put(id, answer);
    RemoteException dead = failure;
    if (dead != null) {
      pending.remove(id);
      throw new StreamResetException(
          "actor channel to " + stream.peer() + " failed: " + dead.getMessage(), dead);
    }
    byte[] frame = envelope.apply(id).encode();
    writeLock.lock();
    try {
      StreamFrames.write(stream, frame, timeout);
    } catch (RemoteTimeoutException e) {
      // the peer reads too slowly: nothing of this frame was queued, so only this request fails
      pending.remove(id);
      throw e;
    } catch (RemoteException e) {
      fail(e);
      throw e;
    } finally {
      writeLock.unlock();
    }
    return new Request(this, id, answer);
  }

  /**
   * A request in flight: its id and the future of its answer.
   *
   * @param channel the channel it was sent on
   * @param id its request id
   * @param answer completed with the answer, or failed if the channel fails first
   */
  public record Request(ActorChannel channel, long id, CompletableFuture<ActorReply> answer) {
    /** Drops the request once its sender stopped waiting; a late answer is then ignored. */
    public void forget() {
      channel.pending.remove(id);
    }
  }

  /** Closes the channel: pending requests fail. */
  public void close() {
    fail(new StreamResetException("actor channel to " + stream.peer() + " closed"));
    stream.reset();
  }

  private void readReplies() {
    try {
      while (failure == null) {
        byte[] frame;
        try {
          frame = StreamFrames.read(stream, IDLE_POLL, maxFrame);
        } catch (RemoteTimeoutException idle) {
          continue;
        }
        if (frame == null) {
          fail(new StreamResetException("node " + stream.peer() + " closed the actor stream"));
          return;
        }
        ActorReply reply = ActorReply.decode(frame);
        CompletableFuture<ActorReply> answer = pending.remove(reply.requestId());
        if (answer != null) {
          answer.complete(reply);
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

  private void fail(RemoteException cause) {
    if (failure == null) {
      failure = cause;
    }
    for (Long id : pending.keySet()) {
      CompletableFuture<ActorReply> answer = pending.remove(id);
      if (answer != null) {
        answer.completeExceptionally(cause);
      }
    }
  }
}
