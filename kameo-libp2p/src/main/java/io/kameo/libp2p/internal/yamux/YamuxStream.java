package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One yamux stream: a bidirectional byte stream with its own flow control, opened by
 * {@link YamuxSession#openStream} or by the remote ({@link SessionHandler#onInboundStream}).
 *
 * <p>Writing: {@link #write} queues data; the session sends it in data frames of at most {@link
 * YamuxConfig#maxMessageSize()} bytes as the remote's window allows. The returned future completes
 * when the last byte has been handed to the {@link FrameSink}, so a writer that waits for it cannot
 * run ahead of the remote reader. A writer that does not wait sees {@link #isWritable()} turn false
 * once {@link YamuxConfig#writeBufferSize()} bytes are queued; writes made then fail with {@link
 * YamuxStreamException.Reason#WRITE_BUFFER_FULL}, so queued data stays bounded.
 *
 * <p>Reading: data arrives through {@link StreamHandler#onData}; the application reports what it
 * has processed with {@link #consumed(int)}, which reopens the remote's window.
 *
 * <p>Threading and buffer ownership: {@link #write}, {@link #closeWrite}, {@link #reset} and {@link
 * #consumed} may be called from any thread (see {@link YamuxSession}); the futures complete on the
 * event loop, so their dependent actions must not block. {@link #write} takes ownership of its
 * argument in every case.
 */
public final class YamuxStream {
  private static final Logger LOG = LoggerFactory.getLogger(YamuxStream.class);

  private static final StreamHandler DISCARD =
      new StreamHandler() {
        @Override
        public void onData(YamuxStream stream, ByteBuf data) {
          int n = data.readableBytes();
          data.release();
          stream.consumed(n);
        }
      };

  /** A queued write, or the FIN marker when {@code data} is null. */
  private static final class PendingWrite {
    final ByteBuf data;
    final CompletableFuture<Void> future;

    PendingWrite(ByteBuf data, CompletableFuture<Void> future) {
      this.data = data;
      this.future = future;
    }
  }

  private final YamuxSession session;
  private final int id;
  private final boolean outbound;
  StreamHandler handler = DISCARD;

  // all fields below: event loop only, except queuedBytes
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
  private long sendWindow = YamuxConfig.SPEC_INITIAL_WINDOW;
  private int recvWindow;
  private long recvCapacity;
  private long unconsumed;
  private long lastWindowUpdateNanos;
  private boolean needAck;
  boolean acknowledged;
  private boolean finQueued;
  private boolean finSent;
  private boolean remoteFin;
  private YamuxStreamException failure;
  private boolean closed;
  private volatile boolean reportedWritable = true;
  private volatile boolean drainedWaiter;
  private final CompletableFuture<Void> closeWriteFuture = new CompletableFuture<>();

  YamuxStream(YamuxSession session, int id, boolean outbound, long nowNanos) {
    this.session = session;
    this.id = id;
    this.outbound = outbound;
    this.recvWindow = session.config.initialStreamWindow();
    this.recvCapacity = recvWindow;
    this.lastWindowUpdateNanos = nowNanos;
    this.needAck = !outbound;
  }

  /** Returns the stream id, an unsigned 32-bit value: odd if the client opened the stream. */
  public int id() {
    return id;
  }

  /** Returns whether this side opened the stream. */
  public boolean isOutbound() {
    return outbound;
  }

  /** Returns the session this stream belongs to. */
  public YamuxSession session() {
    return session;
  }

  /**
   * Returns whether a write would be accepted now: the write side is open and fewer than {@link
   * YamuxConfig#writeBufferSize()} bytes are queued. May be called from any thread; the value may
   * be stale by the time it is used.
   */
  public boolean isWritable() {
    return queuedBytes.get() < session.config.writeBufferSize() && reportedWritable;
  }

  /** Returns how many written bytes wait to be sent; any thread. */
  public long queuedBytes() {
    return queuedBytes.get();
  }

  /** Returns the write buffer limit: {@link YamuxConfig#writeBufferSize()}. */
  public long writeBufferSize() {
    return session.config.writeBufferSize();
  }

  /** Returns the level a full write buffer must drain to before a waiting writer goes on: half. */
  public long lowWatermark() {
    return session.config.writeBufferSize() / 2;
  }

  /**
   * Asks for one {@link StreamHandler#onDrained} call once at most {@link #lowWatermark()} bytes
   * are queued. Any thread. The caller must check {@link #queuedBytes()} after this call: if the
   * queue drained before the request was seen, no call follows.
   *
   * <p>Memory visibility: the request flag and the queued byte count are both volatile, so of a
   * writer (sets the flag, then reads the count) and the event loop (lowers the count, then reads
   * the flag) at least one sees the other's write; a waiter is never missed.
   */
  public void requestDrainedSignal() {
    drainedWaiter = true;
  }

  /**
   * Queues {@code data} for sending after all data written before it.
   *
   * <p>Buffer ownership: takes ownership of {@code data}; it is released when sent, or when the
   * write fails.
   *
   * @return a future completed when the data has been handed to the sink, or failed with a {@link
   *     YamuxStreamException}: {@link YamuxStreamException.Reason#WRITE_BUFFER_FULL} at once if
   *     {@link YamuxConfig#writeBufferSize()} bytes are already queued, {@link
   *     YamuxStreamException.Reason#WRITE_CLOSED} after {@link #closeWrite}, or the reason the
   *     stream was reset
   */
  public CompletableFuture<Void> write(ByteBuf data) {
    Objects.requireNonNull(data, "data");
    int n = data.readableBytes();
    long limit = session.config.writeBufferSize();
    long queued;
    do {
      queued = queuedBytes.get();
      if (queued >= limit) {
        data.release();
        return CompletableFuture.failedFuture(
            new YamuxStreamException(
                YamuxStreamException.Reason.WRITE_BUFFER_FULL,
                "yamux stream "
                    + Integer.toUnsignedString(id)
                    + ": write buffer full ("
                    + queued
                    + " bytes queued, limit "
                    + limit
                    + ")"));
      }
    } while (!queuedBytes.compareAndSet(queued, queued + n));
    CompletableFuture<Void> future = new CompletableFuture<>();
    onLoop(() -> doWrite(data, future), () -> failHandedOver(data, future));
    return future;
  }

  /**
   * Half-closes the stream: after the data written before, a frame with FIN tells the remote that
   * no more data follows. Later writes fail; reading goes on until the remote closes too. Calling
   * it again returns the same future.
   *
   * @return a future completed when the FIN has been handed to the sink, or failed if the stream
   *     was reset first
   */
  public CompletableFuture<Void> closeWrite() {
    onLoop(this::doCloseWrite, () -> {});
    return closeWriteFuture;
  }

  /**
   * Resets the stream: sends RST, fails queued writes with {@link
   * YamuxStreamException.Reason#RESET_LOCALLY}, releases queued data and calls {@link
   * StreamHandler#onReset}. Does nothing if the stream already ended.
   */
  public void reset() {
    onLoop(this::doReset, () -> {});
  }

  /**
   * Reports that the application has processed {@code bytes} of the data delivered to {@link
   * StreamHandler#onData}, which returns them to the remote's send window (a window update is sent
   * once at least half of the window is free). Ignored after the stream ended.
   *
   * @throws IllegalArgumentException if {@code bytes} is negative, or (when called on the event
   *     loop; elsewhere it is logged) exceeds the delivered bytes not yet reported
   */
  public void consumed(int bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("consumed bytes are negative: " + bytes);
    }
    onLoop(() -> doConsumed(bytes), () -> {});
  }

  @Override
  public String toString() {
    return "YamuxStream("
        + Integer.toUnsignedString(id)
        + (outbound ? ", outbound)" : ", inbound)");
  }

  // ---------------------------------------------------------------- event-loop internals

  private void onLoop(Runnable task, Runnable rejected) {
    if (session.executor.inEventLoop()) {
      session.enter();
      try {
        task.run();
      } finally {
        session.exit();
      }
      return;
    }
    try {
      session.executor.execute(
          () -> {
            session.enter();
            try {
              task.run();
            } finally {
              session.exit();
            }
          });
    } catch (RejectedExecutionException e) {
      rejected.run();
    }
  }

  private void failHandedOver(ByteBuf data, CompletableFuture<Void> future) {
    queuedBytes.addAndGet(-data.readableBytes());
    data.release();
    future.completeExceptionally(
        new YamuxStreamException(
            YamuxStreamException.Reason.SESSION_CLOSED,
            "yamux stream " + Integer.toUnsignedString(id) + ": event loop shut down"));
  }

  private boolean ended() {
    return failure != null || closed;
  }

  private void doWrite(ByteBuf data, CompletableFuture<Void> future) {
    if (ended() || finQueued) {
      queuedBytes.addAndGet(-data.readableBytes());
      data.release();
      future.completeExceptionally(
          failure != null
              ? failure
              : new YamuxStreamException(
                  YamuxStreamException.Reason.WRITE_CLOSED,
                  "yamux stream " + Integer.toUnsignedString(id) + ": write side closed"));
      updateWritability();
      signalDrained();
      return;
    }
    pending.add(new PendingWrite(data, future));
    drain();
  }

  private void doCloseWrite() {
    if (ended()) {
      closeWriteFuture.completeExceptionally(
          failure != null
              ? failure
              : new YamuxStreamException(
                  YamuxStreamException.Reason.WRITE_CLOSED,
                  "yamux stream " + Integer.toUnsignedString(id) + ": already closed"));
      return;
    }
    if (finQueued) {
      return;
    }
    finQueued = true;
    pending.add(new PendingWrite(null, closeWriteFuture));
    drain();
  }

  private void doReset() {
    if (ended()) {
      return;
    }
    session.writeControl(FrameType.WINDOW_UPDATE, Flags.RST, id, 0);
    fail(
        new YamuxStreamException(
            YamuxStreamException.Reason.RESET_LOCALLY,
            "yamux stream " + Integer.toUnsignedString(id) + " reset locally"));
  }

  private void doConsumed(int bytes) {
    if (ended()) {
      return;
    }
    if (bytes > unconsumed) {
      throw new IllegalArgumentException(
          "yamux stream "
              + Integer.toUnsignedString(id)
              + ": consumed "
              + bytes
              + " bytes but only "
              + unconsumed
              + " delivered bytes are unconsumed");
    }
    unconsumed -= bytes;
    maybeSendWindowUpdate();
  }

  /** The receive window announced beyond the spec's initial 256 KiB with the SYN or ACK. */
  long extraInitialWindow() {
    return recvWindow - YamuxConfig.SPEC_INITIAL_WINDOW;
  }

  /** Flags for the next frame this side sends: ACK on the first frame of an inbound stream. */
  private int takeAckFlag() {
    if (needAck) {
      needAck = false;
      return Flags.ACK;
    }
    return 0;
  }

  private void sendAckIfNeeded() {
    // a larger initial window must travel with the ACK, so it cannot ride on a data frame
    if (needAck && extraInitialWindow() > 0) {
      session.writeControl(FrameType.WINDOW_UPDATE, takeAckFlag(), id, extraInitialWindow());
    }
  }

  /** Moves queued data into the sink as far as the send window and the transport allow. */
  void drain() {
    if (ended()) {
      return;
    }
    sendAckIfNeeded();
    List<CompletableFuture<Void>> done = new ArrayList<>();
    int maxPayload = session.config.maxDataPayload();
    while (!pending.isEmpty()) {
      PendingWrite head = pending.peek();
      if (head.data == null) {
        pending.poll();
        session.writeControl(FrameType.WINDOW_UPDATE, takeAckFlag() | Flags.FIN, id, 0);
        finSent = true;
        done.add(head.future);
        break;
      }
      if (!head.data.isReadable()) {
        pending.poll();
        head.data.release();
        done.add(head.future);
        continue;
      }
      if (sendWindow == 0 || !session.transportWritable) {
        break;
      }
      int n = (int) Math.min(Math.min(sendWindow, maxPayload), head.data.readableBytes());
      ByteBuf chunk = head.data.readRetainedSlice(n);
      sendWindow -= n;
      queuedBytes.addAndGet(-n);
      session.writeData(id, takeAckFlag(), chunk);
    }
    updateWritability();
    signalDrained();
    for (CompletableFuture<Void> future : done) {
      future.complete(null);
    }
    if (finSent && remoteFin && !ended()) {
      close();
    }
  }

  private void updateWritability() {
    boolean writable =
        !ended() && !finQueued && queuedBytes.get() < session.config.writeBufferSize();
    if (writable != reportedWritable) {
      reportedWritable = writable;
      if (failure == null && !closed) {
        try {
          handler.onWritabilityChanged(this);
        } catch (RuntimeException e) {
          handlerFailed("onWritabilityChanged", e);
        }
      }
    }
  }

  private void signalDrained() {
    if (drainedWaiter && queuedBytes.get() <= lowWatermark()) {
      drainedWaiter = false;
      try {
        handler.onDrained(this);
      } catch (RuntimeException e) {
        handlerFailed("onDrained", e);
      }
    }
  }

  private void maybeSendWindowUpdate() {
    if (ended() || remoteFin) {
      return;
    }
    long grant = recvWindow - recvCapacity - unconsumed;
    if (grant < recvWindow / 2) {
      return;
    }
    long now = session.nowNanos();
    long rtt = session.currentRttNanos();
    int max = session.config.maxStreamWindow();
    if (rtt >= 0 && recvWindow < max && now - lastWindowUpdateNanos < 4 * rtt) {
      recvWindow = (int) Math.min(2L * recvWindow, max);
      grant = recvWindow - recvCapacity - unconsumed;
    }
    recvCapacity += grant;
    lastWindowUpdateNanos = now;
    session.writeControl(FrameType.WINDOW_UPDATE, takeAckFlag(), id, grant);
  }

  /** Called after the session created an inbound stream: asks for its handler, then ACKs it. */
  void announce(SessionHandler sessionHandler) {
    try {
      StreamHandler chosen = sessionHandler.onInboundStream(this);
      if (chosen == null) {
        throw new NullPointerException("SessionHandler.onInboundStream returned null");
      }
      handler = chosen;
    } catch (RuntimeException e) {
      LOG.warn("yamux SessionHandler.onInboundStream threw; resetting {}", this, e);
      doReset();
      return;
    }
    if (needAck && !ended()) {
      session.writeControl(FrameType.WINDOW_UPDATE, takeAckFlag(), id, extraInitialWindow());
    }
  }

  void onAck() {
    if (outbound && !acknowledged) {
      acknowledged = true;
      session.streamAcknowledged();
    }
  }

  void onWindowUpdate(long delta) {
    boolean wasBlocked = sendWindow == 0;
    sendWindow = Math.min(sendWindow + delta, 1L << 40);
    if (wasBlocked && delta > 0) {
      drain();
    }
  }

  void onDataHeader(long length) {
    if (length > recvCapacity) {
      throw new YamuxProtocolException(
          "Receive window exceeded on stream "
              + Integer.toUnsignedString(id)
              + ": "
              + length
              + " bytes sent, "
              + recvCapacity
              + " allowed");
    }
    recvCapacity -= length;
    if (remoteFin && length > 0) {
      LOG.debug("yamux data after FIN on {}; resetting it", this);
      doReset();
    }
  }

  /** Delivers a piece of a data payload; takes ownership of {@code data}. */
  void onPayload(ByteBuf data) {
    if (ended()) {
      data.release();
      return;
    }
    unconsumed += data.readableBytes();
    try {
      handler.onData(this, data);
    } catch (RuntimeException e) {
      handlerFailed("onData", e);
    }
  }

  void onRemoteFin() {
    if (remoteFin || ended()) {
      return;
    }
    remoteFin = true;
    try {
      handler.onRemoteClose(this);
    } catch (RuntimeException e) {
      handlerFailed("onRemoteClose", e);
    }
    if (finSent && !ended()) {
      close();
    }
  }

  void onRemoteReset() {
    if (ended()) {
      return;
    }
    fail(
        new YamuxStreamException(
            YamuxStreamException.Reason.RESET_BY_REMOTE,
            "yamux stream " + Integer.toUnsignedString(id) + " reset by the remote"));
  }

  /** The session ended: fail without sending anything (the session is already out of the map). */
  void terminate(YamuxStreamException cause) {
    if (!ended()) {
      fail(cause);
    }
  }

  private void handlerFailed(String method, RuntimeException e) {
    LOG.warn("yamux StreamHandler.{} threw; resetting {}", method, this, e);
    doReset();
  }

  private void close() {
    closed = true;
    session.removeStream(this);
    try {
      handler.onClosed(this);
    } catch (RuntimeException e) {
      LOG.warn("yamux StreamHandler.onClosed threw for {}", this, e);
    }
  }

  private void fail(YamuxStreamException cause) {
    failure = cause;
    session.removeStream(this);
    List<CompletableFuture<Void>> failed = new ArrayList<>();
    for (PendingWrite write : pending) {
      if (write.data != null) {
        queuedBytes.addAndGet(-write.data.readableBytes());
        ReferenceCountUtil.safeRelease(write.data);
      }
      failed.add(write.future);
    }
    pending.clear();
    if (!closeWriteFuture.isDone()) {
      failed.add(closeWriteFuture);
    }
    reportedWritable = false;
    try {
      handler.onReset(this, cause);
    } catch (RuntimeException e) {
      LOG.warn("yamux StreamHandler.onReset threw for {}", this, e);
    }
    for (CompletableFuture<Void> future : failed) {
      future.completeExceptionally(cause);
    }
  }
}
