package io.kameo.remote.internal.actor;

import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.frames.StreamFrames;
import java.time.Duration;

/**
 * INTERNAL API. Reads the length-prefixed frames of one actor stream (an unsigned varint length,
 * then that many bytes, as {@link StreamFrames} writes them) through a {@value #BUFFER_BYTES}-byte
 * buffer: one {@link Stream#read} takes all the stream holds, up to the buffer's size, so a run of
 * small frames costs one read of the stream rather than two or more each. One thread reads; not
 * thread-safe.
 */
final class FrameReader {
  /** The size of the read buffer. */
  static final int BUFFER_BYTES = 64 << 10;

  private final Stream stream;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int start; // the first buffered byte not yet taken
  private int end; // after the last buffered byte

  FrameReader(Stream stream) {
    this.stream = stream;
  }

  /** Returns whether bytes of the stream are buffered, so the next frame may need no read. */
  boolean buffered() {
    return start < end;
  }

  /**
   * Returns the next frame, or null if the stream ended cleanly between frames. A frame above
   * {@code maxBytes} is not an error: its first {@code headBytes} are kept and the rest is read and
   * dropped through the buffer, so the frames after it can still be read.
   *
   * @throws RemoteTimeoutException if no frame began within {@code timeout}; nothing was taken, so
   *     the next call goes on where this one stopped
   * @throws IllegalArgumentException if the length prefix is malformed
   * @throws StreamResetException if the stream ends, or stays silent for {@code timeout}, inside a
   *     frame (a frame begun is never left half read)
   */
  StreamFrames.Frame next(Duration timeout, int maxBytes, int headBytes) {
    long length = length(timeout);
    if (length < 0) {
      return null;
    }
    if (length <= maxBytes) {
      byte[] body = new byte[(int) length];
      take(body, body.length, timeout);
      return new StreamFrames.Frame(body, length);
    }
    byte[] head = new byte[(int) Math.min(headBytes, length)];
    take(head, head.length, timeout);
    for (long rest = length - head.length; rest > 0; ) {
      if (!buffered()) {
        fillInsideFrame(timeout);
      }
      int k = (int) Math.min(rest, end - start);
      start += k;
      rest -= k;
    }
    return new StreamFrames.Frame(head, length);
  }

  /** Reads the length prefix, taking it only once whole; -1 at a clean end of stream. */
  private long length(Duration timeout) {
    while (true) {
      long length = 0;
      for (int i = start, shift = 0; i < end; i++, shift += 7) {
        if (shift >= 35) {
          throw new IllegalArgumentException("frame length prefix longer than 5 bytes");
        }
        length |= (long) (buffer[i] & 0x7f) << shift;
        if ((buffer[i] & 0x80) == 0) {
          start = i + 1;
          return length;
        }
      }
      if (end - start >= 5) {
        throw new IllegalArgumentException("frame length prefix longer than 5 bytes");
      }
      boolean empty = !buffered();
      if (fill(timeout) < 0) {
        if (empty) {
          return -1;
        }
        throw new StreamResetException("stream ended inside a frame length prefix");
      }
    }
  }

  /** Copies the next {@code n} bytes of the stream into {@code into}. */
  private void take(byte[] into, int n, Duration timeout) {
    int have = Math.min(n, end - start);
    System.arraycopy(buffer, start, into, 0, have);
    start += have;
    // the rest of a large frame goes straight into its array, the rest of a small one through the
    // buffer, so the frames after it come with the same read
    while (have < n) {
      if (n - have >= BUFFER_BYTES / 2) {
        int got = read(into, have, n - have, timeout);
        have += got;
      } else {
        fillInsideFrame(timeout);
        int k = Math.min(n - have, end - start);
        System.arraycopy(buffer, start, into, have, k);
        start += k;
        have += k;
      }
    }
  }

  /** Reads more into the buffer inside a frame: its end or a silence is a broken stream. */
  private void fillInsideFrame(Duration timeout) {
    int n;
    try {
      n = fill(timeout);
    } catch (RemoteTimeoutException silent) {
      throw silentInsideFrame(timeout, silent);
    }
    if (n < 0) {
      throw new StreamResetException("stream ended inside a frame");
    }
  }

  private StreamResetException silentInsideFrame(Duration timeout, RemoteTimeoutException e) {
    return new StreamResetException(
        "no byte of the rest of a frame from " + stream.peer() + " within " + timeout, e);
  }

  /** Reads into the buffer after what it holds; returns the bytes read, -1 at end of stream. */
  private int fill(Duration timeout) {
    if (start == end) {
      start = 0;
      end = 0;
    } else if (start > 0) {
      System.arraycopy(buffer, start, buffer, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = stream.read(buffer, end, buffer.length - end, timeout);
    if (n > 0) {
      end += n;
    }
    return n;
  }

  /** Reads inside a frame straight into {@code into}; returns the bytes read (at least one). */
  private int read(byte[] into, int offset, int length, Duration timeout) {
    int n;
    try {
      n = stream.read(into, offset, length, timeout);
    } catch (RemoteTimeoutException silent) {
      throw silentInsideFrame(timeout, silent);
    }
    if (n < 0) {
      throw new StreamResetException("stream ended inside a frame");
    }
    return n;
  }
}
