package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One side of a yamux session over one connection: a protocol engine that takes the
 * bytes read from the connection ({@link #onBytes}) and emits encoded frames through a {@link
 * FrameSink}, without touching a socket.
 *
 * <h2>Driving it from Netty</h2>
 *
 * <p>A channel handler creates the session in {@code handlerAdded}/{@code channelActive} with
 * {@code ctx.executor()}, {@code ctx.alloc()} and a sink whose {@code write}/{@code flush} are
 * {@code ctx.write}/{@code ctx.flush}; it passes every inbound {@code ByteBuf} to {@link #onBytes},
 * closes the channel when {@link #onBytes} throws {@link YamuxProtocolException} (the GoAway has
 * already been written and flushed) or when {@link SessionHandler#onTerminated} is called, calls
 * {@link #transportWritabilityChanged} from {@code channelWritabilityChanged}, {@link
 * #transportClosed} from {@code channelInactive}, and {@link #ping} once at the start (to learn the
 * round-trip time for window auto-tuning) and then as a heartbeat, closing the connection when
 * nothing arrives in time (the host's failure detector: see {@code Connection}). The session has no
 * timers of its own.
 *
 * <h2>Threading</h2>
 *
 * <p>Every method of this class must be called on the session's event loop ({@link
 * EventExecutor#inEventLoop()}); calls from other threads throw {@link IllegalStateException}. All
 * handler callbacks, sink calls and future completions happen on the event loop. The stream methods
 * {@link YamuxStream#write}, {@link YamuxStream#closeWrite}, {@link YamuxStream#reset} and {@link
 * YamuxStream#consumed} may be called from any thread: off the loop they are handed over with
 * {@link EventExecutor#execute}, so calls made by one thread take effect in the order they were
 * made, and actions of that thread before the call happen-before the operation.
 *
 * <h2>Buffer ownership</h2>
 *
 * <p>{@link #onBytes} takes ownership of its argument and releases it. Frames given to the sink
 * belong to the sink. Data given to {@link StreamHandler#onData} belongs to the handler. {@link
 * YamuxStream#write} takes ownership of its argument in every case, releasing it when the data has
 * been sent or the write has failed. A session that terminated has released everything it held.
 *
 * <h2>General exceptions</h2>
 *
 * <p>Null arguments cause {@link NullPointerException}.
 */
public final class YamuxSession {
  /*
   * Implementation notes.
   *
   * One owner: all mutable state (the stream map, counters, every stream's windows and write
   * queue) is touched only on the event loop. The one exception is YamuxStream.queuedBytes, an
   * AtomicLong that writers on other threads add to before handing their write over, so that a
   * full write buffer is refused in the writer's own thread.
   *
   * Re-entrancy: handler callbacks may call back into the session (write in onData, open a stream
   * in onInboundStream, ping in a future callback). State is consistent before every callback, and
   * futures are completed after the loops that collect them. `depth` counts nested entry points;
   * the sink is flushed once, when the outermost one returns, if anything was written.
   *
   * Receive flow control: per stream, recvCapacity is the credit the remote still has,
   * `unconsumed` the bytes delivered but not yet reported consumed, and recvCapacity + unconsumed
   * never exceeds recvWindow. When consumption frees at least half of the window, the freed credit
   * is granted in one window update; if that happens within four round trips of the previous
   * update, the window first doubles (up to maxStreamWindow), as js-libp2p does.
   */

  /** Which side of the connection a session is: the dialer is the client. */
  public enum Role {
    /** The dialer; opens streams with odd ids. */
    CLIENT,
    /** The listener; opens streams with even ids. */
    SERVER
  }

  private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);

  private final Role role;
  final YamuxConfig config;
  final EventExecutor executor;
  private final ByteBufAllocator alloc;
  private final FrameSink sink;
  private final SessionHandler handler;
  private final FrameDecoder decoder;
  private final FrameDecoder.Listener frameListener = new FrameListener();
  private final Map<Integer, YamuxStream> streams = new HashMap<>();

  private long nextStreamId;
  private int inboundStreams;
  private int ackBacklog;
  private GoAwayCode localGoAway;
  private long remoteGoAway = -1;
  private Throwable terminated;
  boolean transportWritable = true;

  private int nextPingOpaque;
  private int pingOpaque;
  private long pingStartNanos;
  private CompletableFuture<Duration> pingFuture;
  private long rttNanos = -1;

  private int depth;
  private boolean needsFlush;

  private YamuxSession(
      Role role,
      YamuxConfig config,
      EventExecutor executor,
      ByteBufAllocator alloc,
      FrameSink sink,
      SessionHandler handler) {
    this.role = Objects.requireNonNull(role, "role");
    this.config = Objects.requireNonNull(config, "config");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.alloc = Objects.requireNonNull(alloc, "alloc");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.decoder = new FrameDecoder(config.maxStreamWindow());
    this.nextStreamId = role == Role.CLIENT ? 1 : 2;
  }

  /**
   * Creates a session. It sends nothing until a stream is opened or a frame arrives.
   *
   * @param role {@link Role#CLIENT} on the dialing side, {@link Role#SERVER} on the listening side
   * @param config limits and tuning
   * @param executor the event loop every session method runs on ({@code ctx.executor()} in Netty)
   * @param alloc the allocator for outgoing headers
   * @param sink where encoded frames go
   * @param handler receives inbound streams and session events
   */
  public static YamuxSession create(
      Role role,
      YamuxConfig config,
      EventExecutor executor,
      ByteBufAllocator alloc,
      FrameSink sink,
      SessionHandler handler) {
    return new YamuxSession(role, config, executor, alloc, sink, handler);
  }

  /** Returns this session's role. */
  public Role role() {
    return role;
  }

  /**
   * Processes bytes read from the connection: decodes the frames and applies them, calling the
   * handlers and writing replies (ping ACKs, window updates, stream ACKs and resets) to the sink,
   * which is flushed before this method returns. Bytes that arrive after the session terminated are
   * dropped.
   *
   * <p>Buffer ownership: takes ownership of {@code in} and releases it.
   *
   * @throws YamuxProtocolException if the remote broke the protocol; the session has then sent and
   *     flushed GoAway with {@link GoAwayCode#PROTOCOL_ERROR} and terminated, and the connection
   *     should be closed
   */
  public void onBytes(ByteBuf in) {
    Objects.requireNonNull(in, "in");
    try {
      checkInEventLoop();
    } catch (IllegalStateException e) {
      in.release();
      throw e;
    }
    enter();
    try {
      if (terminated == null) {
        decoder.decode(in, frameListener);
      }
    } catch (YamuxProtocolException e) {
      LOG.debug("yamux protocol error, sending GoAway: {}", e.getMessage());
      if (terminated == null) {
        writeControl(FrameType.GO_AWAY, 0, 0, GoAwayCode.PROTOCOL_ERROR.code());
        localGoAway = GoAwayCode.PROTOCOL_ERROR;
        terminate(e);
      }
      throw e;
    } finally {
      in.release();
      exit();
    }
  }

  /**
   * Opens a stream: sends a window update with SYN (its length is the receive window beyond the
   * spec's 256 KiB, 0 by default) and returns the stream, which may be written to at once.
   *
   * @param streamHandler receives the stream's events
   * @throws IllegalStateException if the session terminated, GoAway was sent or received, the ACK
   *     backlog is full ({@link YamuxConfig#maxAckBacklog()} streams not yet acknowledged), stream
   *     ids are exhausted, or the caller is not on the event loop
   */
  public YamuxStream openStream(StreamHandler streamHandler) {
    Objects.requireNonNull(streamHandler, "streamHandler");
    checkInEventLoop();
    if (terminated != null) {
      throw new IllegalStateException("yamux session terminated: " + terminated.getMessage());
    }
    if (localGoAway != null) {
      throw new IllegalStateException("yamux session sent GoAway " + localGoAway);
    }
    if (remoteGoAway >= 0) {
      throw new IllegalStateException(
          "yamux remote sent GoAway " + GoAwayCode.describe(remoteGoAway));
    }
    if (ackBacklog >= config.maxAckBacklog()) {
      throw new IllegalStateException(
          "yamux ACK backlog full: " + ackBacklog + " opened streams not yet acknowledged");
    }
    if (nextStreamId > FrameHeader.MAX_LENGTH) {
      throw new IllegalStateException("yamux stream ids exhausted");
    }
    int id = (int) nextStreamId;
    nextStreamId += 2;
    YamuxStream stream = new YamuxStream(this, id, true, config.nanoClock().getAsLong());
    stream.handler = streamHandler;
    streams.put(id, stream);
    ackBacklog++;
    enter();
    try {
      writeControl(FrameType.WINDOW_UPDATE, Flags.SYN, id, stream.extraInitialWindow());
    } finally {
      exit();
    }
    return stream;
  }

  /**
   * Sends a ping (SYN with a fresh opaque value) and returns a future completed with the round-trip
   * time when the matching ACK arrives; the time also drives window auto-tuning. While a ping is
   * outstanding, further calls return the same future. The future fails if the session terminates.
   *
   * @throws IllegalStateException if the caller is not on the event loop
   */
  public CompletableFuture<Duration> ping() {
    checkInEventLoop();
    if (terminated != null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("yamux session terminated: " + terminated.getMessage()));
    }
    if (pingFuture != null) {
      return pingFuture;
    }
    pingOpaque = nextPingOpaque++;
    pingStartNanos = config.nanoClock().getAsLong();
    pingFuture = new CompletableFuture<>();
    CompletableFuture<Duration> result = pingFuture;
    enter();
    try {
      writeControl(FrameType.PING, Flags.SYN, 0, Integer.toUnsignedLong(pingOpaque));
    } finally {
      exit();
    }
    return result;
  }

  /** Returns the last measured round-trip time in nanoseconds, or -1 before the first ping ACK. */
  public long rttNanos() {
    checkInEventLoop();
    return rttNanos;
  }

  /**
   * Sends GoAway with {@code code}, once; later calls do nothing. Afterwards no stream can be
   * opened by either side (inbound SYNs are answered with RST). With {@link GoAwayCode#NORMAL} open
   * streams go on; with an error code the session terminates at once.
   *
   * @throws IllegalStateException if the caller is not on the event loop
   */
  public void goAway(GoAwayCode code) {
    Objects.requireNonNull(code, "code");
    checkInEventLoop();
    if (terminated != null || localGoAway != null) {
      return;
    }
    enter();
    try {
      localGoAway = code;
      writeControl(FrameType.GO_AWAY, 0, 0, code.code());
      if (code != GoAwayCode.NORMAL) {
        terminate(new IllegalStateException("yamux session sent GoAway " + code));
      }
    } finally {
      exit();
    }
  }

  /**
   * Tells the session that the connection can take more bytes ({@code true}) or that its outbound
   * buffer is full ({@code false}). While it is full, stream data stays queued in the streams
   * (which become unwritable when their write buffers fill); control frames still go out.
   *
   * @throws IllegalStateException if the caller is not on the event loop
   */
  public void transportWritabilityChanged(boolean writable) {
    checkInEventLoop();
    transportWritable = writable;
    if (writable && terminated == null) {
      enter();
      try {
        for (YamuxStream stream : new ArrayList<>(streams.values())) {
          stream.drain();
        }
      } finally {
        exit();
      }
    }
  }

  /**
   * Tells the session that the connection is closed: all streams are reset with {@link
   * YamuxStreamException.Reason#SESSION_CLOSED}, queued data is released and {@link
   * SessionHandler#onTerminated} is called. Does nothing if the session already terminated.
   *
   * @throws IllegalStateException if the caller is not on the event loop
   */
  public void transportClosed() {
    transportClosed(null);
  }

  /**
   * Like {@link #transportClosed()}, with the reason the connection closed as the cause of the
   * {@link YamuxStreamException} the streams are reset with (null if unknown).
   *
   * @throws IllegalStateException if the caller is not on the event loop
   */
  public void transportClosed(Throwable cause) {
    checkInEventLoop();
    if (terminated == null) {
      enter();
      try {
        terminate(
            new YamuxStreamException(
                YamuxStreamException.Reason.SESSION_CLOSED,
                cause == null
                    ? "yamux connection closed"
                    : "yamux connection closed: " + cause.getMessage(),
                cause));
      } finally {
        exit();
      }
    }
  }

  /** Returns whether the session terminated (see {@link SessionHandler#onTerminated}). */
  public boolean isTerminated() {
    checkInEventLoop();
    return terminated != null;
  }

  /** Returns how many streams are open (neither fully closed nor reset). */
  public int streamCount() {
    checkInEventLoop();
    return streams.size();
  }

  @Override
  public String toString() {
    return "YamuxSession(" + role + ")";
  }

  // ---------------------------------------------------------------- event-loop internals

  void checkInEventLoop() {
    if (!executor.inEventLoop()) {
      throw new IllegalStateException(
          "yamux session used outside its event loop, from " + Thread.currentThread());
    }
  }

  void enter() {
    depth++;
  }

  void exit() {
    if (--depth == 0 && needsFlush) {
      needsFlush = false;
      sink.flush();
    }
  }

  Throwable terminationCause() {
    return terminated;
  }

  long nowNanos() {
    return config.nanoClock().getAsLong();
  }

  long currentRttNanos() {
    return rttNanos;
  }

  void writeControl(FrameType type, int flags, int streamId, long length) {
    ByteBuf frame = alloc.buffer(FrameHeader.LENGTH, FrameHeader.LENGTH);
    new FrameHeader(type, flags, streamId, length).encode(frame);
    needsFlush = true;
    sink.write(frame);
  }

  /** Writes a data frame; takes ownership of {@code payload}. */
  void writeData(int streamId, int flags, ByteBuf payload) {
    ByteBuf header;
    try {
      header = alloc.buffer(FrameHeader.LENGTH, FrameHeader.LENGTH);
    } catch (RuntimeException | Error e) {
      payload.release();
      throw e;
    }
    new FrameHeader(FrameType.DATA, flags, streamId, payload.readableBytes()).encode(header);
    CompositeByteBuf frame = alloc.compositeBuffer(2);
    frame.addComponents(true, header, payload);
    needsFlush = true;
    sink.write(frame);
  }

  /** Removes a stream that closed or was reset, updating the counters. */
  void removeStream(YamuxStream stream) {
    if (streams.remove(stream.id(), stream)) {
      if (stream.isOutbound()) {
        if (!stream.acknowledged) {
          ackBacklog--;
        }
      } else {
        inboundStreams--;
      }
    }
  }

  void streamAcknowledged() {
    ackBacklog--;
  }

  private void terminate(Throwable cause) {
    terminated = cause;
    List<YamuxStream> open = new ArrayList<>(streams.values());
    streams.clear();
    inboundStreams = 0;
    ackBacklog = 0;
    YamuxStreamException streamCause =
        cause instanceof YamuxStreamException e
            ? e
            : new YamuxStreamException(
                YamuxStreamException.Reason.SESSION_CLOSED,
                "yamux session terminated: " + cause.getMessage(),
                cause);
    for (YamuxStream stream : open) {
      stream.terminate(streamCause);
    }
    CompletableFuture<Duration> ping = pingFuture;
    pingFuture = null;
    if (ping != null) {
      ping.completeExceptionally(streamCause);
    }
    try {
      handler.onTerminated(cause);
    } catch (RuntimeException e) {
      LOG.warn("yamux SessionHandler.onTerminated threw", e);
    }
  }

  private boolean isOwnParity(int streamId) {
    boolean odd = (streamId & 1) == 1;
    return odd == (role == Role.CLIENT);
  }

  private YamuxStream acceptInbound(FrameHeader header) {
    int id = header.streamId();
    if (isOwnParity(id)) {
      throw new YamuxProtocolException(
          "Both endpoints are "
              + (role == Role.CLIENT ? "clients" : "servers")
              + ": SYN for stream "
              + Integer.toUnsignedString(id)
              + " has this side's parity");
    }
    if (streams.containsKey(id)) {
      throw new YamuxProtocolException(
          "Stream " + Integer.toUnsignedString(id) + " already exists (duplicate SYN)");
    }
    String refusal =
        localGoAway != null || remoteGoAway >= 0
            ? "GoAway"
            : inboundStreams >= config.maxInboundStreams()
                ? "too many inbound streams"
                : !handler.admitInboundStream() ? "inbound stream rate limit" : null;
    if (refusal != null) {
      LOG.debug("refusing inbound yamux stream {}: {}", Integer.toUnsignedString(id), refusal);
      writeControl(FrameType.WINDOW_UPDATE, Flags.RST, id, 0);
      return null;
    }
    YamuxStream stream = new YamuxStream(this, id, false, nowNanos());
    streams.put(id, stream);
    inboundStreams++;
    return stream;
  }

  private void onStreamHeader(FrameHeader header) {
    int flags = header.flags();
    YamuxStream stream;
    boolean opened = false;
    if (Flags.has(flags, Flags.SYN)) {
      stream = acceptInbound(header);
      opened = stream != null;
    } else {
      stream = streams.get(header.streamId());
    }
    if (stream == null) {
      return; // unknown or refused stream: ignored, a data payload is dropped in onPayload
    }
    if (Flags.has(flags, Flags.RST)) {
      stream.onRemoteReset();
      return;
    }
    if (Flags.has(flags, Flags.ACK)) {
      stream.onAck();
    }
    if (header.type() == FrameType.DATA) {
      stream.onDataHeader(header.length());
    } else {
      stream.onWindowUpdate(header.length());
    }
    if (opened) {
      stream.announce(handler);
    }
    if (header.type() == FrameType.WINDOW_UPDATE || header.length() == 0) {
      if (Flags.has(flags, Flags.FIN)) {
        stream.onRemoteFin();
      }
    }
  }

  private void onPing(FrameHeader header) {
    if (header.flags() == Flags.SYN) {
      writeControl(FrameType.PING, Flags.ACK, 0, header.length());
      return;
    }
    long opaque = header.length();
    if (pingFuture == null) {
      throw new YamuxProtocolException("Unrequested ping ACK with opaque value " + opaque);
    }
    if (opaque != Integer.toUnsignedLong(pingOpaque)) {
      throw new YamuxProtocolException(
          "Ping ACK opaque value "
              + opaque
              + " does not match the outstanding ping "
              + Integer.toUnsignedLong(pingOpaque));
    }
    rttNanos = Math.max(0, nowNanos() - pingStartNanos);
    CompletableFuture<Duration> done = pingFuture;
    pingFuture = null;
    done.complete(Duration.ofNanos(rttNanos));
  }

  private void onGoAway(long code) {
    remoteGoAway = code;
    LOG.debug("yamux remote sent GoAway {}", GoAwayCode.describe(code));
    try {
      handler.onGoAway(code);
    } catch (RuntimeException e) {
      LOG.warn("yamux SessionHandler.onGoAway threw", e);
    }
    if (code != GoAwayCode.NORMAL.code() && terminated == null) {
      terminate(
          new YamuxStreamException(
              YamuxStreamException.Reason.SESSION_CLOSED,
              "yamux remote sent GoAway " + GoAwayCode.describe(code)));
    }
  }

  private final class FrameListener implements FrameDecoder.Listener {
    @Override
    public void onHeader(FrameHeader header) {
      if (terminated != null) {
        return;
      }
      switch (header.type()) {
        case PING -> onPing(header);
        case GO_AWAY -> onGoAway(header.length());
        case DATA, WINDOW_UPDATE -> onStreamHeader(header);
      }
    }

    @Override
    public void onPayload(FrameHeader header, ByteBuf payload, boolean last) {
      YamuxStream stream = terminated == null ? streams.get(header.streamId()) : null;
      if (stream == null) {
        payload.release();
        return;
      }
      stream.onPayload(payload);
      if (last
          && Flags.has(header.flags(), Flags.FIN)
          && streams.get(header.streamId()) == stream) {
        stream.onRemoteFin();
      }
    }
  }
}
