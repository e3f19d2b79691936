package io.kameo.libp2p.internal.host;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionClosedException.Reason;
import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.PublicKey;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.multistream.MultistreamDialer;
import io.kameo.libp2p.internal.multistream.MultistreamException;
import io.kameo.libp2p.internal.multistream.MultistreamListener;
import io.kameo.libp2p.internal.noise.NoiseException;
import io.kameo.libp2p.internal.noise.NoiseHandshake;
import io.kameo.libp2p.internal.noise.NoiseResult;
import io.kameo.libp2p.internal.noise.NoiseTransport;
import io.kameo.libp2p.internal.yamux.FrameSink;
import io.kameo.libp2p.internal.yamux.GoAwayCode;
import io.kameo.libp2p.internal.yamux.SessionHandler;
import io.kameo.libp2p.internal.yamux.StreamHandler;
import io.kameo.libp2p.internal.yamux.YamuxConfig;
import io.kameo.libp2p.internal.yamux.YamuxProtocolException;
import io.kameo.libp2p.internal.yamux.YamuxSession;
import io.kameo.libp2p.internal.yamux.YamuxStream;
import io.kameo.libp2p.internal.yamux.YamuxStreamException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. One TCP connection of a {@link HostImpl}, as the only handler of its Netty
 * pipeline: it upgrades the raw connection (multistream-select {@code /noise}, the Noise XX
 * handshake, the muxer agreed inside Noise or by multistream-select {@code /yamux/1.0.0}) and then
 * drives a {@link YamuxSession}, encrypting the frames it emits and decrypting what arrives.
 *
 * <p>All state is touched on the channel's event loop only, except the volatile fields read by
 * other threads ({@link #remotePeer}, {@link #session}, {@link #closeReason}).
 */
final class Connection extends ChannelInboundHandlerAdapter implements FrameSink, SessionHandler {
  /*
   * Phases: SECURITY (mss /noise on the raw bytes), NOISE (handshake frames), MUXER (mss
   * /yamux/1.0.0 inside Noise, skipped when both sides offered yamux in the handshake payload),
   * YAMUX. Any exception while processing input closes this connection only, with a logged
   * reason; the handshake timer closes a connection that does not reach YAMUX in time.
   *
   * Limits: an inbound connection takes a handshake slot (HandshakeSlots: per remote address and
   * in total) before it counts against the connection limit, and gives it back once
   * authenticated or closed. Once in YAMUX, every inbound stream takes a token of the peer's
   * StreamRateLimiter first (admitInboundStream), so a peer that opens streams faster is answered
   * with bare RSTs.
   *
   * Failure detector: every byte read refreshes lastReadNanos. Every heartbeatInterval the
   * heartbeat task sends a yamux ping if nothing arrived for half an interval, and closes the
   * connection with PEER_UNRESPONSIVE once nothing (data, window update or ping answer) arrived
   * for acceptableHeartbeatPause. A busy connection is never pinged and never falsely declared
   * dead by its own traffic; an idle one exchanges a ping per interval. So a silent peer is
   * noticed after the pause plus at most one interval. A check that runs more than two intervals
   * after the previous one (this event loop or the JVM stalled, e.g. in a GC pause) only pings:
   * what the peer sent meanwhile may still be unread, so the verdict waits for the next check.
   *
   * Close reasons: whoever closes the connection records why (closeReason, set once); when the
   * channel goes inactive without one, the peer closed it. The reason resets the streams (their
   * StreamResetException's cause) and goes to the connection listeners.
   *
   * Outbound: yamux frames handed to the FrameSink are copied into one plaintext buffer and
   * encrypted on flush(), so the many small frames of one session operation share Noise frames
   * and one socket write.
   */
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  static final String YAMUX = "/yamux/1.0.0";

  /** Queued outbound bytes that are encrypted and written at once rather than at batch end. */
  static final int FLUSH_BYTES = 256 * 1024;

  /** Frames up to this size are copied together rather than queued one by one. */
  private static final int SMALL_FRAME = 64;

  private enum Phase {
    SECURITY,
    NOISE,
    MUXER,
    YAMUX,
    CLOSED
  }

  private final HostImpl host;
  private final boolean initiator;
  private final PeerId expectedPeer;
  final CompletableFuture<Connection> established = new CompletableFuture<>();

  private ChannelHandlerContext ctx;
  private Phase phase = Phase.SECURITY;
  private ByteBuf cumulation;
  private ByteBuf plaintextIn;
  private CompositeByteBuf pendingOut;
  private ByteBuf pendingSmall;
  private MultistreamDialer securityDialer;
  private MultistreamListener securityListener;
  private NoiseHandshake noise;
  private NoiseTransport transport;
  private MultistreamDialer muxerDialer;
  private MultistreamListener muxerListener;
  private volatile YamuxSession session;
  private volatile PeerId remotePeer;
  private PublicKey remoteKey;
  private volatile Multiaddr remoteAddress;
  private boolean flushScheduled;
  private final Runnable flushTask = this::flushNow;
  private boolean reading;
  private final List<HostStream> wakeAfterRead = new ArrayList<>();
  private ScheduledFuture<?> handshakeTimer;
  private ScheduledFuture<?> heartbeat;
  private long lastReadNanos;
  private long lastHeartbeatNanos;
  private boolean counted;
  private boolean holdsHandshakeSlot;
  private StreamRateLimiter streamLimiter;
  private volatile ConnectionClosedException closeReason; // set once, on the event loop

  Connection(HostImpl host, boolean initiator, PeerId expectedPeer) {
    this.host = host;
    this.initiator = initiator;
    this.expectedPeer = expectedPeer;
  }

  HostImpl host() {
    return host;
  }

  boolean isInitiator() {
    return initiator;
  }

  /** Whether the dialed address named the remote peer id ({@code /p2p/…}). */
  boolean dialedPeerId() {
    return expectedPeer != null;
  }

  ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  /** The authenticated remote peer; only after the Noise handshake. */
  PeerId remotePeer() {
    PeerId p = remotePeer;
    if (p == null) {
      throw new IllegalStateException("connection not secured yet");
    }
    return p;
  }

  PeerId remotePeerOrNull() {
    return remotePeer;
  }

  PublicKey remoteKey() {
    return remoteKey;
  }

  /** The remote end of the TCP connection, without /p2p; null before the channel is active. */
  Multiaddr remoteAddress() {
    return remoteAddress;
  }

  /** Runs {@code task} on this connection's event loop after {@code delay}; cancel when moot. */
  ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return ctx.executor().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The yamux session; only once established, and only to be used on the event loop. */
  YamuxSession session() {
    return session;
  }

  /** Runs {@code task} on this connection's event loop. */
  void execute(Runnable task) {
    ctx.executor().execute(task);
  }

  boolean isEstablished() {
    return phase == Phase.YAMUX && ctx.channel().isActive();
  }

  // ------------------------------------------------------------------ channel events

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    SocketAddress remote = ctx.channel().remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      remoteAddress = Multiaddr.tcp(inet);
    }
    if (!initiator) {
      InetAddress ip = remote instanceof InetSocketAddress inet ? inet.getAddress() : null;
      if (ip != null && !host.takeHandshakeSlot(this, ip)) {
        fail(new DialException("unauthenticated connection limit reached"), false);
        ctx.close();
        return;
      }
      holdsHandshakeSlot = ip != null;
      if (!host.reserveConnection()) {
        LOG.warn(
            "refusing inbound connection from {}: connection limit {} reached",
            remoteAddress,
            host.config().maxConnections());
        releaseHandshakeSlot();
        host.countRefusedConnection();
        fail(new DialException("connection limit reached"), false);
        ctx.close();
        return;
      }
    }
    lastReadNanos = System.nanoTime();
    counted = true;
    Duration timeout = host.config().handshakeTimeout();
    handshakeTimer =
        ctx.executor()
            .schedule(
                () ->
                    closeWithReason(
                        new DialException(
                            "handshake with " + remoteAddress + " not complete within " + timeout)),
                timeout.toNanos(),
                TimeUnit.NANOSECONDS);
    if (initiator) {
      securityDialer = new MultistreamDialer(List.of(NoiseHandshake.PROTOCOL_ID));
      ByteBuf out = ctx.alloc().buffer(64);
      securityDialer.start(out);
      ctx.writeAndFlush(out);
    } else {
      securityListener = new MultistreamListener(List.of(NoiseHandshake.PROTOCOL_ID));
    }
    ctx.read();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (phase == Phase.CLOSED) {
      in.release();
      return;
    }
    lastReadNanos = System.nanoTime();
    cumulation =
        Buffers.append(
            ctx.alloc(),
            cumulation,
            in,
            phase == Phase.YAMUX ? Buffers.CUMULATION_SIZE : Buffers.HANDSHAKE_CUMULATION_SIZE);
    reading = true;
    try {
      process();
    } catch (YamuxProtocolException e) {
      LOG.warn(
          "closing connection to {} ({}): yamux protocol error: {}",
          remotePeer,
          remoteAddress,
          e.getMessage());
      closeAfterFlush(e);
    } catch (RuntimeException e) {
      closeWithReason(e);
    } finally {
      if (cumulation != null) {
        // an empty buffer that is oversized, or still the small one of the handshake, goes
        if (!cumulation.isReadable()
            && (cumulation.capacity() > Buffers.CUMULATION_SIZE
                || cumulation.capacity() < Buffers.CUMULATION_SIZE && phase == Phase.YAMUX)) {
          cumulation.release();
          cumulation = null;
        } else {
          cumulation.discardSomeReadBytes();
        }
      }
    }
  }

  private void process() {
    while (true) {
      switch (phase) {
        case SECURITY -> {
          ByteBuf out = ctx.alloc().buffer(64);
          boolean done;
          try {
            done =
                initiator
                    ? securityDialer.onRead(cumulation, out)
                    : securityListener.onRead(cumulation, out);
          } catch (RuntimeException e) {
            out.release();
            throw e;
          }
          if (!done) {
            writeRaw(out);
            return;
          }
          List<String> muxers = host.config().earlyMuxerNegotiation() ? List.of(YAMUX) : List.of();
          noise =
              initiator
                  ? NoiseHandshake.initiator(host.keypair(), expectedPeer, muxers)
                  : NoiseHandshake.responder(host.keypair(), muxers);
          noise.start(out);
          writeRaw(out);
          phase = Phase.NOISE;
        }
        case NOISE -> {
          ByteBuf out = ctx.alloc().buffer(256);
          boolean done;
          try {
            done = noise.onRead(cumulation, out);
          } catch (RuntimeException e) {
            out.release();
            throw e;
          }
          writeRaw(out);
          if (!done) {
            return;
          }
          NoiseResult result = noise.result();
          noise = null;
          transport = result.transport();
          remoteKey = result.remoteKey();
          remotePeer = result.remotePeer();
          if (result.earlyMuxer().isPresent()) {
            startYamux();
          } else {
            phase = Phase.MUXER;
            if (initiator) {
              muxerDialer = new MultistreamDialer(List.of(YAMUX));
              ByteBuf plain = ctx.alloc().buffer(64);
              muxerDialer.start(plain);
              writeEncrypted(plain);
            } else {
              muxerListener = new MultistreamListener(List.of(YAMUX));
            }
          }
        }
        case MUXER -> {
          decryptInput();
          if (plaintextIn == null) {
            return;
          }
          ByteBuf out = ctx.alloc().buffer(64);
          boolean done;
          try {
            done =
                initiator
                    ? muxerDialer.onRead(plaintextIn, out)
                    : muxerListener.onRead(plaintextIn, out);
          } catch (RuntimeException e) {
            out.release();
            throw e;
          }
          writeEncrypted(out);
          if (!done) {
            return;
          }
          startYamux();
        }
        case YAMUX -> {
          decryptInput();
          if (plaintextIn != null) {
            ByteBuf plain = plaintextIn;
            plaintextIn = null;
            session.onBytes(plain);
          }
          return;
        }
        case CLOSED -> {
          return;
        }
      }
    }
  }

  /** Decrypts the complete Noise frames in the cumulation into {@link #plaintextIn}. */
  private void decryptInput() {
    if (cumulation == null || cumulation.readableBytes() < 2) {
      return;
    }
    if (plaintextIn == null) {
      plaintextIn = ctx.alloc().heapBuffer(cumulation.readableBytes());
    }
    transport.decrypt(cumulation, plaintextIn);
    if (!plaintextIn.isReadable()) {
      plaintextIn.release();
      plaintextIn = null;
    }
  }

  private void startYamux() {
    releaseHandshakeSlot();
    streamLimiter = host.streamLimiter(remotePeer);
    YamuxConfig config =
        YamuxConfig.defaults().withMaxInboundStreams(host.config().maxStreamsPerConnection());
    session =
        YamuxSession.create(
            initiator ? YamuxSession.Role.CLIENT : YamuxSession.Role.SERVER,
            config,
            ctx.executor(),
            ctx.alloc(),
            this,
            this);
    phase = Phase.YAMUX;
    muxerDialer = null;
    muxerListener = null;
    handshakeTimer.cancel(false);
    session.ping(); // learns the round-trip time for window tuning
    long interval = host.config().heartbeatInterval().toNanos();
    lastHeartbeatNanos = System.nanoTime();
    heartbeat =
        ctx.executor()
            .scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.NANOSECONDS);
    host.onEstablished(this);
    established.complete(this);
    LOG.debug(
        "connection {} to {} at {} established",
        initiator ? "out" : "in",
        remotePeer,
        remoteAddress);
    if (plaintextIn != null) {
      ByteBuf plain = plaintextIn;
      plaintextIn = null;
      session.onBytes(plain);
    }
  }

  /** The failure detector's periodic check; see the class comment. Event loop. */
  private void heartbeat() {
    try {
      if (phase != Phase.YAMUX) {
        return;
      }
      long now = System.nanoTime();
      long silent = now - lastReadNanos;
      long sinceLastCheck = now - lastHeartbeatNanos;
      lastHeartbeatNanos = now;
      Duration pause = host.config().acceptableHeartbeatPause();
      long interval = host.config().heartbeatInterval().toNanos();
      if (sinceLastCheck > 2 * interval) {
        // this event loop (or the whole JVM, in a GC pause) was stalled: bytes the peer sent may
        // still wait in the socket, so judge only once the loop has caught up with its reads
        session.ping();
      } else if (silent >= pause.toNanos()) {
        closeWithReason(
            new ConnectionClosedException(
                Reason.PEER_UNRESPONSIVE,
                "peer "
                    + remotePeer
                    + " at "
                    + remoteAddress
                    + " sent nothing, not even a heartbeat answer, for "
                    + Duration.ofNanos(silent).toMillis()
                    + " ms (acceptable pause "
                    + pause
                    + ")"));
      } else if (silent >= interval / 2) {
        session.ping();
      }
    } catch (RuntimeException e) {
      closeWithReason(e);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    reading = false;
    wakeReaders();
    ctx.fireChannelReadComplete();
  }

  /**
   * Wakes the blocked readers of {@code stream} now, or, while the event loop is reading from the
   * socket, once the read batch is complete, so a reader wakes once per batch rather than once per
   * frame. Event loop.
   */
  void wakeReaders(HostStream stream) {
    if (reading) {
      wakeAfterRead.add(stream);
    } else {
      stream.wakeReaders();
    }
  }

  private void wakeReaders() {
    for (int i = 0; i < wakeAfterRead.size(); i++) {
      wakeAfterRead.get(i).wakeReaders();
    }
    wakeAfterRead.clear();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (phase == Phase.YAMUX) {
      session.transportWritabilityChanged(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    phase = Phase.CLOSED;
    reading = false;
    wakeReaders();
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (heartbeat != null) {
      heartbeat.cancel(false);
    }
    releaseHandshakeSlot();
    ConnectionClosedException reason = closeReason;
    if (reason == null) {
      reason = host.closingReason();
      if (reason == null) {
        reason =
            new ConnectionClosedException(
                Reason.PEER_CLOSED, "connection to " + describeRemote() + " closed by the peer");
      }
      closeReason = reason;
    }
    if (session != null) {
      session.transportClosed(reason);
    }
    release();
    fail(
        new DialException(
            "connection to "
                + (remotePeer != null ? remotePeer : remoteAddress)
                + " closed during handshake"),
        false);
    if (counted) {
      host.onClosed(this, session != null, reason);
    }
  }

  /**
   * An exception escaped this handler or Netty's read path. An I/O error (the peer reset the
   * connection) closes it quietly; any other exception is a bug or a broken invariant and is logged
   * at error before the connection closes; a {@link VirtualMachineError} (out of memory) stops the
   * whole host, see {@link HostImpl#failFatally}.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof VirtualMachineError fatal) {
      host.failFatally(fatal, "the I/O of " + this);
      closeWithReason(cause);
      return;
    }
    if (cause instanceof IOException) {
      LOG.debug("connection to {} ({}) failed: {}", remotePeer, remoteAddress, cause.toString());
    } else {
      LOG.error("connection to {} ({}) failed, closing it", remotePeer, remoteAddress, cause);
    }
    closeWithReason(cause);
  }

  private void releaseHandshakeSlot() {
    if (holdsHandshakeSlot) {
      holdsHandshakeSlot = false;
      host.releaseHandshakeSlot(this);
    }
  }

  /** Closes this unauthenticated connection, whose handshake slot a newer one took; any thread. */
  void evict() {
    ctx.executor()
        .execute(
            () ->
                closeWithReason(
                    new ConnectionClosedException(
                        Reason.LOCAL_CLOSE,
                        "unauthenticated connection from "
                            + remoteAddress
                            + " evicted: the oldest of "
                            + host.config().maxUnauthenticatedConnections()
                            + " still in their handshake")));
  }

  private Object describeRemote() {
    return remotePeer != null ? remotePeer + " (" + remoteAddress + ")" : remoteAddress;
  }

  /** Records why this connection closes, unless a reason is already recorded. Event loop. */
  private void recordCloseReason(Throwable cause) {
    if (closeReason == null) {
      closeReason = toCloseReason(cause);
    }
  }

  private ConnectionClosedException toCloseReason(Throwable cause) {
    if (cause instanceof ConnectionClosedException c) {
      return c;
    }
    Reason reason =
        switch (cause) {
          case YamuxProtocolException p -> Reason.PROTOCOL_ERROR;
          case NoiseException p -> Reason.PROTOCOL_ERROR;
          case MultistreamException p -> Reason.PROTOCOL_ERROR;
          case YamuxStreamException p -> Reason.PEER_CLOSED; // the remote's GoAway with an error
          case IOException p -> Reason.PEER_CLOSED;
          case VirtualMachineError e -> Reason.HOST_FAILED;
          default -> Reason.LOCAL_CLOSE;
        };
    return new ConnectionClosedException(
        reason, "connection to " + describeRemote() + " closed: " + cause.getMessage(), cause);
  }

  private void release() {
    if (cumulation != null) {
      cumulation.release();
      cumulation = null;
    }
    if (plaintextIn != null) {
      plaintextIn.release();
      plaintextIn = null;
    }
    if (pendingOut != null) {
      pendingOut.release();
      pendingOut = null;
    }
    if (pendingSmall != null) {
      pendingSmall.release();
      pendingSmall = null;
    }
  }

  private void fail(Throwable cause, boolean log) {
    if (established.isDone()) {
      return;
    }
    if (log) {
      LOG.info("closing connection with {}: {}", remoteAddress, cause.getMessage());
    }
    Throwable e =
        cause instanceof DialException
            ? cause
            : new DialException(
                "upgrade of connection with " + remoteAddress + " failed: " + cause.getMessage(),
                cause);
    established.completeExceptionally(e);
  }

  /** Closes this connection at once, logging why. Event loop. */
  void closeWithReason(Throwable cause) {
    if (phase == Phase.CLOSED) {
      return;
    }
    if (!established.isDone()) {
      fail(cause, LOG.isDebugEnabled() || !(cause instanceof ConnectionClosedException));
    } else if (cause instanceof ConnectionClosedException c
        && c.reason() == Reason.PEER_UNRESPONSIVE) {
      LOG.warn("closing connection: {}", cause.getMessage());
    } else {
      LOG.info("closing connection to {} ({}): {}", remotePeer, remoteAddress, cause.getMessage());
    }
    recordCloseReason(cause);
    phase = Phase.CLOSED;
    ctx.close();
  }

  private void closeAfterFlush(Throwable cause) {
    fail(cause, false);
    recordCloseReason(cause);
    flushNow();
    phase = Phase.CLOSED;
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** Sends GoAway (normal) and closes once it is flushed, for {@code reason}; any thread. */
  void closeGracefully(ConnectionClosedException reason) {
    ctx.executor()
        .execute(
            () -> {
              if (phase == Phase.CLOSED) {
                return;
              }
              recordCloseReason(reason);
              if (phase == Phase.YAMUX) {
                session.goAway(GoAwayCode.NORMAL);
                flushNow();
                phase = Phase.CLOSED;
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
              } else {
                phase = Phase.CLOSED;
                ctx.close();
              }
            });
  }

  // ------------------------------------------------------------------ writing

  private void writeRaw(ByteBuf out) {
    if (out.isReadable()) {
      ctx.writeAndFlush(out);
    } else {
      out.release();
    }
  }

  private void writeEncrypted(ByteBuf plain) {
    try {
      if (!plain.isReadable()) {
        return;
      }
      int n = plain.readableBytes();
      int frames =
          (n + NoiseTransport.MAX_PLAINTEXT_LENGTH - 1) / NoiseTransport.MAX_PLAINTEXT_LENGTH;
      ByteBuf out = ctx.alloc().heapBuffer(n + frames * 18);
      try {
        transport.encrypt(plain, out);
      } catch (RuntimeException e) {
        out.release();
        throw e;
      }
      ctx.writeAndFlush(out);
    } finally {
      plain.release();
    }
  }

  /**
   * Queues a frame: small frames (headers, control frames) are copied into {@link #pendingSmall},
   * larger ones join {@link #pendingOut} as they are, so data is never copied before encryption.
   */
  @Override
  public void write(ByteBuf frame) {
    if (phase == Phase.CLOSED && !ctx.channel().isActive()) {
      frame.release();
      return;
    }
    if (pendingOut == null) {
      pendingOut = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }
    int n = frame.readableBytes();
    if (n <= SMALL_FRAME) {
      try {
        if (pendingSmall == null) {
          pendingSmall = ctx.alloc().heapBuffer(256);
        }
        pendingSmall.writeBytes(frame);
      } finally {
        frame.release();
      }
    } else {
      addPendingSmall();
      pendingOut.addComponent(true, frame);
    }
  }

  private void addPendingSmall() {
    if (pendingSmall != null) {
      pendingOut.addComponent(true, pendingSmall);
      pendingSmall = null;
    }
  }

  /**
   * Sends the queued frames at once when no other task waits on the event loop (a lone request goes
   * out without delay) or {@link #FLUSH_BYTES} are queued; otherwise at the end of the current
   * batch of tasks, so the frames of writes queued together share full Noise frames, one cipher
   * pass each, and one socket write.
   */
  @Override
  public void flush() {
    if (pendingOut == null) {
      return;
    }
    if (pendingOut.readableBytes() >= FLUSH_BYTES || !hasPendingTasks()) {
      flushNow();
    } else if (!flushScheduled) {
      flushScheduled = true;
      ctx.executor().execute(flushTask);
    }
  }

  /** Whether more tasks wait on the event loop, whose frames this flush could share. */
  private boolean hasPendingTasks() {
    return ctx.executor() instanceof SingleThreadEventExecutor loop && loop.pendingTasks() > 0;
  }

  /** Encrypts and writes the queued frames now; event loop. */
  private void flushNow() {
    flushScheduled = false;
    if (pendingOut == null) {
      return;
    }
    addPendingSmall();
    ByteBuf out = pendingOut;
    pendingOut = null;
    if (out != null) {
      if (!ctx.channel().isActive()) {
        out.release();
        return;
      }
      writeEncrypted(out);
    }
  }

  // ------------------------------------------------------------------ yamux session events

  @Override
  public boolean admitInboundStream() {
    if (streamLimiter == null || streamLimiter.tryAcquire()) {
      return true;
    }
    host.refusedStreams.incrementAndGet();
    return false;
  }

  @Override
  public StreamHandler onInboundStream(YamuxStream stream) {
    return HostStream.inbound(this, stream, host.protocolList());
  }

  @Override
  public void onTerminated(Throwable cause) {
    if (phase != Phase.CLOSED) {
      LOG.debug(
          "yamux session with {} ended: {}", remotePeer, cause == null ? "" : cause.getMessage());
      closeAfterFlush(cause == null ? new DialException("session ended") : cause);
    }
  }

  /** Opens a stream for {@code protocol}; the future completes once the remote agreed. */
  CompletableFuture<HostStream> openStream(String protocol) {
    CompletableFuture<HostStream> result = new CompletableFuture<>();
    try {
      ctx.executor()
          .execute(
              () -> {
                try {
                  if (phase != Phase.YAMUX) {
                    throw new StreamResetException("connection to " + remotePeer + " is closed");
                  }
                  HostStream stream = HostStream.outbound(this, protocol);
                  YamuxStream ys = session.openStream(stream);
                  stream.start(ys);
                  stream.negotiated.whenComplete(
                      (s, e) -> {
                        if (e != null) {
                          result.completeExceptionally(e);
                        } else {
                          result.complete(s);
                        }
                      });
                } catch (StreamResetException e) {
                  result.completeExceptionally(e);
                } catch (RuntimeException e) {
                  result.completeExceptionally(
                      new StreamResetException(
                          "cannot open stream to " + remotePeer + ": " + e.getMessage(), e));
                }
              });
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new StreamResetException("connection to " + remotePeer + " is closed", e));
    }
    return result;
  }

  @Override
  public String toString() {
    return "Connection("
        + (initiator ? "out" : "in")
        + ", "
        + remotePeer
        + ", "
        + remoteAddress
        + ")";
  }
}
