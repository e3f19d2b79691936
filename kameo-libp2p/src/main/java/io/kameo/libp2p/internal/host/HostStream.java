package io.kameo.libp2p.internal.host;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.ProtocolNotSupportedException;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.multistream.MultistreamDialer;
import io.kameo.libp2p.internal.multistream.MultistreamException;
import io.kameo.libp2p.internal.multistream.MultistreamListener;
import io.kameo.libp2p.internal.yamux.YamuxStream;
import io.kameo.libp2p.internal.yamux.YamuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API. The {@link Stream} of a {@link HostImpl}: a Yamux stream that first runs
 * multistream-select for its protocol id (as dialer on outbound streams, as listener on inbound
 * ones) and then hands its bytes to the application.
 *
 * <p>The event loop delivers data ({@link #onData}); application threads read it from a queue
 * guarded by {@link #lock}. Data counts against the remote's window until the application has read
 * it: {@link YamuxStream#consumed} is reported after each read, which is the backpressure.
 */
public final class HostStream implements Stream, io.kameo.libp2p.internal.yamux.StreamHandler {
  private final Connection connection;
  private final boolean outbound;
  private YamuxStream yamux; // set once, on the event loop, before any event
  private volatile String protocol;
  private volatile Throwable writeFailure;

  // negotiation: event loop only
  private MultistreamDialer dialer;
  private MultistreamListener listener;
  private ByteBuf negotiationBuffer;
  final CompletableFuture<HostStream> negotiated = new CompletableFuture<>();

  // read side: guarded by lock
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Condition drained = lock.newCondition();
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private boolean remoteClosed;
  private boolean discarding;
  private volatile StreamResetException failure; // written under lock, read anywhere
  private volatile boolean writeClosed;
  private CompletableFuture<byte[]> pendingRead;
  private int waitingReaders;
  private boolean wakePending;

  private HostStream(Connection connection, boolean outbound) {
    this.connection = connection;
    this.outbound = outbound;
  }

  /** Creates an outbound stream that will propose {@code protocol}; call on the event loop. */
  static HostStream outbound(Connection connection, String protocol) {
    HostStream s = new HostStream(connection, true);
    s.protocol = protocol;
    s.dialer = new MultistreamDialer(List.of(protocol));
    return s;
  }

  /** Creates an inbound stream that will accept one of {@code protocols}. */
  static HostStream inbound(Connection connection, YamuxStream yamux, List<String> protocols) {
    HostStream s = new HostStream(connection, false);
    s.yamux = yamux;
    s.listener = new MultistreamListener(protocols);
    s.limitNegotiation();
    return s;
  }

  /**
   * Resets the stream if protocol negotiation does not finish within the stream timeout. The timer
   * is cancelled as soon as negotiation ends in any way (agreed, refused, reset, connection
   * closed), so a stream that is opened and reset at once holds nothing after its reset.
   */
  private void limitNegotiation() {
    Duration timeout = connection.host().config().streamTimeout();
    AtomicInteger timers = connection.host().negotiationTimers;
    timers.incrementAndGet();
    ScheduledFuture<?> timer =
        connection.schedule(
            () -> {
              timers.decrementAndGet();
              if (!negotiated.isDone()) {
                releaseNegotiationBuffer();
                negotiated.completeExceptionally(
                    new StreamResetException(
                        "protocol negotiation on a stream with "
                            + peerOrUnknown()
                            + " not complete within "
                            + timeout));
                yamux.reset();
              }
            },
            timeout);
    negotiated.whenComplete(
        (s, e) -> {
          if (timer.cancel(false)) {
            timers.decrementAndGet();
          }
        });
  }

  /** Starts negotiation of an outbound stream just opened as {@code stream}; event loop. */
  void start(YamuxStream stream) {
    this.yamux = stream;
    limitNegotiation();
    ByteBuf out = connection.alloc().buffer(64);
    dialer.start(out);
    stream.write(out);
  }

  @Override
  public PeerId peer() {
    return connection.remotePeer();
  }

  @Override
  public String protocol() {
    String p = protocol;
    if (p == null) {
      throw new IllegalStateException("protocol not negotiated yet");
    }
    return p;
  }

  /** Returns the connection the stream runs on. */
  Connection connection() {
    return connection;
  }

  /** Returns whether this side opened the stream. */
  boolean isOutbound() {
    return outbound;
  }

  // ------------------------------------------------------------ yamux events (event loop)

  @Override
  public void onData(YamuxStream stream, ByteBuf data) {
    if (negotiated.isDone()) {
      deliver(data);
      return;
    }
    negotiationBuffer = Buffers.cumulate(connection.alloc(), negotiationBuffer, data);
    int before = negotiationBuffer.readableBytes();
    ByteBuf out = connection.alloc().buffer(64);
    boolean done;
    try {
      done =
          outbound
              ? dialer.onRead(negotiationBuffer, out)
              : listener.onRead(negotiationBuffer, out);
    } catch (MultistreamException e) {
      out.release();
      releaseNegotiationBuffer();
      RemoteException failure =
          outbound && e.getMessage() != null && e.getMessage().startsWith("remote supports none")
              ? new ProtocolNotSupportedException(
                  protocol, "peer " + peer() + " does not support protocol " + protocol)
              : new StreamResetException(
                  "multistream-select failed on stream to " + peer() + ": " + e.getMessage(), e);
      negotiated.completeExceptionally(failure);
      stream.reset();
      return;
    }
    int used = before - negotiationBuffer.readableBytes();
    if (out.isReadable()) {
      stream.write(out);
    } else {
      out.release();
    }
    if (used > 0) {
      stream.consumed(used);
    }
    if (!done) {
      return;
    }
    ByteBuf rest = negotiationBuffer;
    negotiationBuffer = null;
    if (!outbound) {
      protocol = listener.selected();
    }
    negotiated.complete(this);
    if (rest.isReadable()) {
      deliver(rest);
    } else {
      rest.release();
    }
    if (!outbound) {
      connection.host().dispatch(this);
    }
  }

  private void releaseNegotiationBuffer() {
    if (negotiationBuffer != null) {
      negotiationBuffer.release();
      negotiationBuffer = null;
    }
  }

  private void deliver(ByteBuf data) {
    CompletableFuture<byte[]> reader = null;
    byte[] bytes = null;
    boolean wake = false;
    int discarded = 0;
    lock.lock();
    try {
      if (failure != null) {
        data.release();
        return;
      }
      if (discarding) {
        discarded = data.readableBytes();
        data.release();
        return;
      }
      if (pendingRead != null && queue.isEmpty()) {
        reader = pendingRead;
        pendingRead = null;
        bytes = new byte[data.readableBytes()];
        data.readBytes(bytes);
        data.release();
      } else {
        queue.add(data);
        if (waitingReaders > 0 && !wakePending) {
          wakePending = true;
          wake = true;
        }
      }
    } finally {
      lock.unlock();
      if (discarded > 0) {
        yamux.consumed(discarded);
      }
    }
    if (wake) {
      connection.wakeReaders(this);
    }
    if (reader != null) {
      yamux.consumed(bytes.length);
      reader.complete(bytes);
    }
  }

  /**
   * Drops the queued inbound data and all that arrives later, reporting it consumed so the remote's
   * window stays open: called once the handler of an inbound stream returned, when nothing reads
   * the stream any more. Any thread.
   */
  void discardInbound() {
    int n = 0;
    lock.lock();
    try {
      discarding = true;
      for (ByteBuf b : queue) {
        n += b.readableBytes();
        b.release();
      }
      queue.clear();
    } finally {
      lock.unlock();
    }
    if (n > 0) {
      yamux.consumed(n);
    }
  }

  /** Wakes the readers blocked in {@link #read}; see {@link Connection#wakeReaders}. */
  void wakeReaders() {
    lock.lock();
    try {
      wakePending = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    if (!negotiated.isDone()) {
      releaseNegotiationBuffer();
      negotiated.completeExceptionally(
          new StreamResetException(
              "peer " + peer() + " closed the stream during protocol negotiation"));
      stream.reset();
      return;
    }
    CompletableFuture<byte[]> reader = null;
    lock.lock();
    try {
      remoteClosed = true;
      if (pendingRead != null && queue.isEmpty()) {
        reader = pendingRead;
        pendingRead = null;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (reader != null) {
      reader.complete(new byte[0]);
    }
  }

  @Override
  public void onReset(YamuxStream stream, YamuxStreamException cause) {
    releaseNegotiationBuffer();
    StreamResetException e = translate(cause);
    negotiated.completeExceptionally(e);
    CompletableFuture<byte[]> reader;
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      for (ByteBuf b : queue) {
        b.release();
      }
      queue.clear();
      reader = pendingRead;
      pendingRead = null;
      changed.signalAll();
      drained.signalAll();
    } finally {
      lock.unlock();
    }
    if (reader != null) {
      reader.completeExceptionally(e);
    }
  }

  private StreamResetException translate(YamuxStreamException cause) {
    String what =
        switch (cause.reason()) {
          case RESET_BY_REMOTE -> "reset by peer " + peerOrUnknown();
          case RESET_LOCALLY -> "reset locally";
          case WRITE_CLOSED -> "write side closed";
          case WRITE_BUFFER_FULL -> "write buffer full";
          case SESSION_CLOSED -> "connection to " + peerOrUnknown() + " closed";
        };
    String message =
        "stream " + (protocol == null ? "" : protocol + " ") + what + ": " + cause.getMessage();
    // a connection that ended for a known reason hands it on, so callers can tell why
    return cause.getCause() instanceof ConnectionClosedException closed
        ? new StreamResetException(message, closed)
        : new StreamResetException(message, cause);
  }

  /**
   * A fresh exception for this caller's stack; its cause is the connection's end when that is why
   * the stream failed, else the stream's failure.
   */
  private static StreamResetException rethrown(StreamResetException failure) {
    return new StreamResetException(
        failure.getMessage(),
        failure.getCause() instanceof ConnectionClosedException closed ? closed : failure);
  }

  private Object peerOrUnknown() {
    PeerId p = connection.remotePeerOrNull();
    return p == null ? "(unknown)" : p;
  }

  // ------------------------------------------------------------ application side

  @Override
  public int read(byte[] buffer, int offset, int length, Duration timeout) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    Objects.requireNonNull(timeout, "timeout");
    if (length == 0) {
      return 0;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    int n;
    lock.lock();
    try {
      while (queue.isEmpty() && !remoteClosed && failure == null) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RemoteTimeoutException(
              "no data from " + peer() + " on " + protocol + " within " + timeout);
        }
        waitingReaders++;
        try {
          changed.awaitNanos(left);
        } finally {
          waitingReaders--;
        }
      }
      if (failure != null) {
        throw rethrown(failure);
      }
      ByteBuf head = queue.peek();
      if (head == null) {
        return -1;
      }
      // take from as many queued buffers as fit, so one consumption report covers them all
      n = 0;
      while (head != null && n < length) {
        int k = Math.min(length - n, head.readableBytes());
        head.readBytes(buffer, offset + n, k);
        n += k;
        if (!head.isReadable()) {
          queue.poll();
          head.release();
          head = queue.peek();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while reading from " + peer(), e);
    } finally {
      lock.unlock();
    }
    yamux.consumed(n);
    return n;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    return read(buffer, offset, length, connection.host().config().streamTimeout());
  }

  @Override
  public void readFully(byte[] buffer, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int off = 0;
    while (off < buffer.length) {
      long left = Math.max(1, deadline - System.nanoTime());
      int n = read(buffer, off, buffer.length - off, Duration.ofNanos(left));
      if (n < 0) {
        throw new StreamResetException(
            "stream "
                + protocol
                + " from "
                + peer()
                + " ended after "
                + off
                + " of "
                + buffer.length
                + " bytes");
      }
      off += n;
    }
  }

  @Override
  public byte[] readAll(int maxBytes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] out = new byte[Math.min(maxBytes, 4096)];
    int size = 0;
    byte[] chunk = new byte[16384];
    while (true) {
      long left = Math.max(1, deadline - System.nanoTime());
      int n = read(chunk, 0, chunk.length, Duration.ofNanos(left));
      if (n < 0) {
        return Arrays.copyOf(out, size);
      }
      if (size + n > maxBytes) {
        reset();
        throw new StreamResetException(
            "stream " + protocol + " from " + peer() + " sent more than " + maxBytes + " bytes");
      }
      if (size + n > out.length) {
        out = Arrays.copyOf(out, Math.min(maxBytes, Math.max(out.length * 2, size + n)));
      }
      System.arraycopy(chunk, 0, out, size, n);
      size += n;
    }
  }

  @Override
  public CompletableFuture<byte[]> readAsync() {
    byte[] bytes;
    lock.lock();
    try {
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      ByteBuf head = queue.poll();
      if (head == null) {
        if (remoteClosed) {
          return CompletableFuture.completedFuture(new byte[0]);
        }
        if (pendingRead != null) {
          throw new IllegalStateException("a readAsync is already pending");
        }
        pendingRead = new CompletableFuture<>();
        return pendingRead;
      }
      bytes = new byte[head.readableBytes()];
      head.readBytes(bytes);
      head.release();
    } finally {
      lock.unlock();
    }
    yamux.consumed(bytes.length);
    return CompletableFuture.completedFuture(bytes);
  }

  @Override
  public void write(byte[] data, Duration timeout) {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(timeout, "timeout");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      throwIfWriteFailed();
      awaitWriteSpace(deadline, timeout, data.length);
      CompletableFuture<Void> f = writeAsync(data);
      if (f.isCompletedExceptionally() && isWriteBufferFull(f)) {
        continue; // another writer filled the buffer first: wait for it to drain again
      }
      // queued: return now, like a socket write into its send buffer; a failure shows on the
      // next write
      f.whenComplete(
          (v, e) -> {
            if (e != null) {
              recordWriteFailure(e);
            }
          });
      return;
    }
  }

  private void throwIfWriteFailed() {
    Throwable earlier = writeFailure;
    if (earlier != null) {
      throw unwrap(earlier);
    }
    StreamResetException reset = failure;
    if (reset != null) {
      throw rethrown(reset);
    }
    if (writeClosed) {
      throw new StreamResetException(
          "stream " + protocol + " to " + peerOrUnknown() + ": write side closed");
    }
  }

  private static boolean isWriteBufferFull(CompletableFuture<Void> f) {
    Throwable e = f.exceptionNow();
    return e instanceof YamuxStreamException y
        && y.reason() == YamuxStreamException.Reason.WRITE_BUFFER_FULL;
  }

  /**
   * Returns at once while the stream's write buffer has room; once it is full, waits until it has
   * drained to its low watermark (half), so a fast writer wakes once per half buffer rather than
   * once per write, or until the stream failed.
   */
  private void awaitWriteSpace(long deadline, Duration timeout, int length) {
    if (yamux.queuedBytes() < yamux.writeBufferSize()) {
      return;
    }
    StreamResetException reset;
    lock.lock();
    try {
      while ((reset = failure) == null && writeFailure == null) {
        yamux.requestDrainedSignal();
        if (yamux.queuedBytes() <= yamux.lowWatermark()) {
          return;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new RemoteTimeoutException(
              "write of "
                  + length
                  + " bytes to "
                  + peer()
                  + " on "
                  + protocol
                  + " not accepted within "
                  + timeout
                  + ": the peer does not read");
        }
        drained.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StreamResetException("interrupted while writing to " + peer(), e);
    } finally {
      lock.unlock();
    }
    throwIfWriteFailed();
    if (reset != null) {
      throw rethrown(reset);
    }
  }

  private void recordWriteFailure(Throwable e) {
    lock.lock();
    try {
      if (writeFailure == null) {
        writeFailure = e;
      }
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void onDrained(YamuxStream stream) {
    lock.lock();
    try {
      drained.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void write(byte[] data) {
    write(data, connection.host().config().streamTimeout());
  }

  @Override
  public CompletableFuture<Void> writeAsync(byte[] data) {
    Objects.requireNonNull(data, "data");
    if (data.length == 0) {
      return CompletableFuture.completedFuture(null);
    }
    ByteBuf buf = connection.alloc().heapBuffer(data.length);
    buf.writeBytes(data);
    return yamux.write(buf).exceptionallyCompose(e -> CompletableFuture.failedFuture(unwrap(e)));
  }

  private RuntimeException unwrap(Throwable e) {
    if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof YamuxStreamException y) {
      return translate(y);
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    return new StreamResetException("stream failed: " + e, e);
  }

  @Override
  public void closeWrite() {
    writeClosed = true;
    yamux.closeWrite();
  }

  @Override
  public void reset() {
    yamux.reset();
  }

  @Override
  public boolean isEndOfStream() {
    lock.lock();
    try {
      return remoteClosed && queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    closeWrite();
  }

  @Override
  public String toString() {
    return "Stream(" + protocol + ", " + connection.remotePeerOrNull() + ", " + yamux + ")";
  }
}
