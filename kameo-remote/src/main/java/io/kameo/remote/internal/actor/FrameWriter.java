package io.kameo.remote.internal.actor;

import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.wire.Varint;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * INTERNAL API. Writes the frames of one actor stream in the order they were queued, on the thread
 * that queues them when the stream is free, several frames to one {@link Stream#write} when they
 * queue up faster than the stream takes them (batched writes). Queuing never waits for the network,
 * only for room while more than {@link #MAX_QUEUED_BYTES} are queued; so a sender pipelines its
 * messages.
 *
 * <p>Memory consistency effects: actions of a thread before {@link #queue} happen-before the
 * frame's bytes are written (the queue is a {@link ConcurrentLinkedQueue}). Frames queued by one
 * thread are written in that order. When a write fails the writer stops, frames still queued are
 * dropped and {@code onFailure} is called once, on the thread that found the failure.
 */
final class FrameWriter {
  /*
   * Who writes. One thread at a time owns the stream's write side: the one that set `writing`.
   * A thread that queued a frame and finds the stream free takes it and writes what is queued
   * itself, without a hand-off to another thread (a remote ask then costs two thread switches less
   * on the two nodes, see docs/design/performance.md). Such a write must not wait: a Stream.write
   * with no time to wait either queues the bytes at once or throws RemoteTimeoutException having
   * queued nothing (the peer's window and the stream's buffer are full). Then the owner carries the
   * bytes over to a new virtual thread, which becomes the owner, waits for the slow peer as long as
   * it takes and writes what is queued meanwhile; the thread that queued returns. So queue() waits
   * only for room, and a slow peer costs one thread while it is slow, none otherwise.
   *
   * No frame is left behind: a thread adds its frame, then tries to take `writing`; the owner
   * gives `writing` up, then looks at the queue again. Either the owner's second look sees the
   * frame or the adder's attempt comes after the owner gave up and succeeds.
   */

  /** The most bytes queued and not yet written, beyond which {@link #queue} waits. */
  static final int MAX_QUEUED_BYTES = 64 << 20;

  /** How many bytes one write carries at most when frames are batched. */
  private static final int BATCH_BYTES = 256 << 10;

  /** How long one write of a slow peer's writer may wait before it is tried again. */
  private static final Duration WRITE_WAIT = Duration.ofSeconds(30);

  private final Stream stream;
  private final String name;
  private final Consumer<RemoteException> onFailure;
  private final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
  private final int maxQueued;
  private final Semaphore room;
  private final AtomicBoolean writing = new AtomicBoolean();
  private final AtomicBoolean failed = new AtomicBoolean();
  private volatile boolean closed;

  private FrameWriter(
      Stream stream, String name, int maxQueued, Consumer<RemoteException> onFailure) {
    this.stream = stream;
    this.name = name;
    this.maxQueued = maxQueued;
    this.room = new Semaphore(maxQueued);
    this.onFailure = onFailure;
  }

  /**
   * Starts a writer on {@code stream}; {@code name} names the thread that waits for a slow peer.
   */
  static FrameWriter start(Stream stream, String name, Consumer<RemoteException> onFailure) {
    return start(stream, name, MAX_QUEUED_BYTES, onFailure);
  }

  /**
   * Starts a writer that queues at most {@code maxQueued} bytes (see {@link #MAX_QUEUED_BYTES}).
   */
  static FrameWriter start(
      Stream stream, String name, int maxQueued, Consumer<RemoteException> onFailure) {
    if (maxQueued <= 0) {
      throw new IllegalArgumentException("maxQueued must be positive: " + maxQueued);
    }
    return new FrameWriter(stream, name, maxQueued, onFailure);
  }

  /**
   * Queues {@code frame} (wrapped, see {@link ActorFrame#wrap}) to be written with its length
   * prefix, waiting up to {@code timeout} while the queue is full, and writes what is queued if no
   * other thread is writing.
   *
   * @throws RemoteTimeoutException if the queue stayed full for {@code timeout}
   * @throws StreamResetException if the writer was closed or has failed
   */
  void queue(byte[] frame, Duration timeout) {
    byte[] prefixed = prefixed(frame);
    int size = cost(prefixed);
    try {
      if (!room.tryAcquire(size, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new RemoteTimeoutException(
            "the stream to "
                + stream.peer()
                + " took nothing of the "
                + maxQueued
                + " bytes queued on it within "
                + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while queuing a frame to " + stream.peer(), e);
    }
    add(prefixed, size);
  }

  /**
   * Queues {@code frame} like {@link #queue} if there is room for it now; returns false, nothing
   * queued, if not. Never waits.
   *
   * @throws StreamResetException if the writer was closed or has failed
   */
  boolean offer(byte[] frame) {
    byte[] prefixed = prefixed(frame);
    int size = cost(prefixed);
    if (!room.tryAcquire(size)) {
      return false;
    }
    add(prefixed, size);
    return true;
  }

  private static byte[] prefixed(byte[] frame) {
    byte[] prefixed = new byte[Varint.length(frame.length) + frame.length];
    System.arraycopy(frame, 0, prefixed, Varint.write(prefixed, 0, frame.length), frame.length);
    return prefixed;
  }

  /** Queues a frame whose room was taken, and writes what is queued if the stream is free. */
  private void add(byte[] prefixed, int size) {
    if (closed) {
      room.release(size);
      throw new StreamResetException("the actor stream to " + stream.peer() + " is closed");
    }
    frames.add(prefixed);
    flush();
  }

  /**
   * Stops taking frames; the frames already queued are still written. Does not reset the stream.
   */
  void close() {
    closed = true;
  }

  private int cost(byte[] prefixed) {
    return Math.min(prefixed.length, maxQueued);
  }

  /** Writes what is queued while no other thread does, without waiting for the network. */
  private void flush() {
    while (!frames.isEmpty() && writing.compareAndSet(false, true)) {
      byte[] batch;
      while ((batch = nextBatch()) != null) {
        if (!writeNow(batch)) {
          byte[] slow = batch;
          Thread.ofVirtual().name(name).start(() -> writeSlowly(slow));
          return; // that thread owns `writing` now
        }
      }
      writing.set(false);
    }
  }

  /**
   * Writes {@code batch} if the stream takes it at once; returns false, having written nothing, if
   * the peer is slow. After a failure the batch is dropped and true returned.
   */
  private boolean writeNow(byte[] batch) {
    if (failed.get()) {
      room.release(batchCost(batch));
      return true;
    }
    try {
      stream.write(batch, Duration.ZERO);
    } catch (RemoteTimeoutException slow) {
      return false;
    } catch (RemoteException e) {
      fail(e);
    }
    room.release(batchCost(batch));
    return true;
  }

  /** Owns `writing`: writes {@code first}, then what is queued, waiting for the peer as needed. */
  private void writeSlowly(byte[] first) {
    byte[] batch = first;
    while (batch != null) {
      if (!failed.get()) {
        try {
          writeWaiting(batch);
        } catch (RemoteException e) {
          fail(e);
        }
      }
      room.release(batchCost(batch));
      batch = nextBatch();
    }
    writing.set(false);
    flush();
  }

  /** Writes, trying again while a slow (not a failed) peer has no window for it. */
  private void writeWaiting(byte[] data) {
    while (true) {
      try {
        stream.write(data, WRITE_WAIT);
        return;
      } catch (RemoteTimeoutException slow) {
        if (closed) {
          throw new StreamResetException("closed while waiting for " + stream.peer(), slow);
        }
        // nothing of this write was queued: the peer reads slowly; its connection's liveness is
        // the host's to judge, so try again
      }
    }
  }

  private void fail(RemoteException e) {
    closed = true;
    if (failed.compareAndSet(false, true)) {
      room.release(maxQueued); // wakes the queuers waiting for room: they find it closed
      onFailure.accept(e);
    }
  }

  /*
   * A batch is the queued frames joined, at most BATCH_BYTES unless one frame is larger; its room
   * is the sum of its frames' costs, which is the batch's cost as long as no frame is above
   * maxQueued. A frame that large is written alone (a batch joins frames only up to
   * min(BATCH_BYTES, maxQueued) bytes), so its cost is the batch's too.
   */

  /** Takes the next frames to write in one go, or null if none is queued. Owner only. */
  private byte[] nextBatch() {
    byte[] first = frames.poll();
    if (first == null) {
      return null;
    }
    int limit = Math.min(BATCH_BYTES, maxQueued);
    byte[] next = frames.peek();
    if (next == null || first.length + next.length > limit) {
      return first;
    }
    int length = first.length;
    int count = 1;
    for (byte[] f : frames) {
      if (length + f.length > limit || count == 256) {
        break;
      }
      length += f.length;
      count++;
    }
    byte[] batch = new byte[length];
    System.arraycopy(first, 0, batch, 0, first.length);
    int at = first.length;
    for (int i = 1; i < count; i++) {
      byte[] f = frames.poll(); // only the owner polls: these are the frames counted above
      System.arraycopy(f, 0, batch, at, f.length);
      at += f.length;
    }
    return batch;
  }

  private int batchCost(byte[] batch) {
    return Math.min(batch.length, maxQueued);
  }
}
