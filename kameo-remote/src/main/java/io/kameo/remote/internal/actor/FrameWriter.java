package io.kameo.remote.internal.actor;

import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.wire.Varint;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * INTERNAL API. Writes the frames of one actor stream from one virtual thread, in the order they
 * were queued, several frames to one {@link Stream#write} when they queue up faster than the stream
 * takes them (batched writes). Queuing never waits for the network, only for room while more than
 * {@link #MAX_QUEUED_BYTES} are queued; so a sender pipelines its messages.
 *
 * <p>Memory consistency effects: actions of a thread before {@link #queue} happen-before the
 * frame's bytes are written (the queue is a {@link LinkedBlockingQueue}). Frames queued by one
 * thread are written in that order. When a write fails the writer stops, frames still queued are
 * dropped and {@code onFailure} is called once, on the writer thread.
 */
final class FrameWriter {
  /** The most bytes queued and not yet written, beyond which {@link #queue} waits. */
  static final int MAX_QUEUED_BYTES = 64 << 20;

  /** How many bytes one write carries at most when frames are batched. */
  private static final int BATCH_BYTES = 256 << 10;

  /** How long one write may wait for the remote's window before it is tried again. */
  private static final Duration WRITE_WAIT = Duration.ofSeconds(30);

  private static final byte[] END = new byte[0];

  private final Stream stream;
  private final Consumer<RemoteException> onFailure;
  private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
  private final Semaphore room = new Semaphore(MAX_QUEUED_BYTES);
  private volatile boolean closed;

  private FrameWriter(Stream stream, Consumer<RemoteException> onFailure) {
    this.stream = stream;
    this.onFailure = onFailure;
  }

  /** Starts a writer on {@code stream}. */
  static FrameWriter start(Stream stream, String name, Consumer<RemoteException> onFailure) {
    FrameWriter writer = new FrameWriter(stream, onFailure);
    Thread.ofVirtual().name(name).start(writer::run);
    return writer;
  }

  /**
   * Queues {@code frame} (wrapped, see {@link ActorFrame#wrap}) to be written with its length
   * prefix, waiting up to {@code timeout} while the queue is full.
   *
   * @throws RemoteTimeoutException if the queue stayed full for {@code timeout}
   * @throws StreamResetException if the writer was closed or has failed
   */
  void queue(byte[] frame, Duration timeout) {
    byte[] prefixed = new byte[Varint.length(frame.length) + frame.length];
    System.arraycopy(frame, 0, prefixed, Varint.write(prefixed, 0, frame.length), frame.length);
    int size = Math.min(prefixed.length, MAX_QUEUED_BYTES);
    try {
      if (!room.tryAcquire(size, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new RemoteTimeoutException(
            "the stream to "
                + stream.peer()
                + " took nothing of the "
                + MAX_QUEUED_BYTES
                + " bytes queued on it within "
                + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while queuing a frame to " + stream.peer(), e);
    }
    if (closed) {
      room.release(size);
      throw new StreamResetException("the actor stream to " + stream.peer() + " is closed");
    }
    frames.add(prefixed);
  }

  /** Stops the writer after the frames already queued; does not reset the stream. */
  void close() {
    if (!closed) {
      closed = true;
      frames.add(END);
    }
  }

  private void run() {
    List<byte[]> batch = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      while (true) {
        batch.clear();
        batch.add(frames.take());
        frames.drainTo(batch, 255);
        bytes.reset();
        int taken = 0;
        boolean end = false;
        for (byte[] f : batch) {
          if (f == END) {
            end = true;
            break;
          }
          if (bytes.size() > 0 && bytes.size() + f.length > BATCH_BYTES) {
            write(bytes.toByteArray());
            bytes.reset();
          }
          bytes.writeBytes(f);
          taken += Math.min(f.length, MAX_QUEUED_BYTES);
        }
        if (bytes.size() > 0) {
          write(bytes.toByteArray());
        }
        room.release(taken);
        if (end) {
          return;
        }
      }
    } catch (RemoteException e) {
      closed = true;
      frames.clear();
      room.release(MAX_QUEUED_BYTES); // wakes queuers waiting for room: they find it closed
      onFailure.accept(e);
    } catch (InterruptedException e) {
      closed = true;
      onFailure.accept(new StreamResetException("actor stream writer interrupted", e));
    }
  }

  /** Writes, trying again while a slow (not a failed) peer has no window for it. */
  private void write(byte[] data) {
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
}
