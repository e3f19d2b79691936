package io.kameo.libp2p.internal.host;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionClosedException.Reason;
import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostClosedException;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.IdentifyInfo;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.PublicKey;
import io.kameo.libp2p.RemoteException;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.StreamHandler;
import io.kameo.libp2p.StreamResetException;
import io.kameo.libp2p.internal.identify.IdentifyMessage;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.kameo.libp2p.internal.mdns.MdnsService;
import io.kameo.libp2p.internal.ping.Ping;
import io.kameo.libp2p.internal.transport.TcpTransport;
import io.kameo.libp2p.internal.wire.Varint;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. The implementation of {@link Host}.
 *
 * <p>Connections: {@link #all} holds every connection past the connection-limit check (counted by
 * {@link #connectionCount}); {@link #connections} maps each peer to the established connection new
 * streams use. Concurrent dials of one peer id share the future in {@link #pendingDials}.
 */
public final class HostImpl implements Host {
  /*
   * Threads: Netty event loops run every connection (see Connection); application threads call
   * the blocking methods, which wait on futures with timeouts; inbound streams are handled on
   * virtual threads (one per stream). Maps are concurrent; a connection's own state is touched on
   * its event loop only.
   *
   * Simultaneous dial: when both sides dial each other at once, both connections survive; each
   * side keeps using whichever was established first (the map entry), and the other one is
   * promoted if the first closes. Dials by this host to one peer id are deduplicated.
   */
  private static final Logger LOG = LoggerFactory.getLogger(HostImpl.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Keypair keypair;
  private final HostConfig config;
  private final TcpTransport transport;
  private final EventLoopGroup group;
  private final ExecutorService handlers;
  private final Map<String, StreamHandler> streamHandlers = new ConcurrentHashMap<>();
  private final Map<PeerId, Connection> connections = new ConcurrentHashMap<>();
  private final Set<Connection> all = ConcurrentHashMap.newKeySet();
  private final Map<PeerId, CompletableFuture<PeerId>> pendingDials = new ConcurrentHashMap<>();
  private final Map<PeerId, Set<Multiaddr>> peerStore = new ConcurrentHashMap<>();
  private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
  private final List<Channel> serverChannels = new CopyOnWriteArrayList<>();
  private final AtomicInteger connectionCount = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final HandshakeSlots<Connection> handshakeSlots;
  private final Map<PeerId, StreamRateLimiter> streamLimiters = new ConcurrentHashMap<>();
  private final AtomicLong refusedConnections = new AtomicLong();
  final AtomicLong refusedStreams = new AtomicLong();
  final AtomicInteger negotiationTimers = new AtomicInteger();

  /** The fatal error that stopped the host; set once, before the host closes. */
  private final AtomicReference<Throwable> fatalError = new AtomicReference<>();

  /**
   * The mDNS discovery, if {@link HostConfig#mdns()} and it could start. Written once in {@link
   * #create} after the constructor (so the service never sees a half-built host); volatile, so a
   * thread that calls {@link #listen} or {@link #close} sees it.
   */
  private volatile MdnsService mdns;

  private HostImpl(Keypair keypair, HostConfig config) {
    this.keypair = keypair;
    this.config = config;
    this.transport = TcpTransport.best();
    this.group =
        transport.newGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory(
                "kameo-libp2p-" + keypair.peerId().toString().substring(44), true));
    this.handlers =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("kameo-stream-", 0).factory());
    this.handshakeSlots =
        new HandshakeSlots<>(
            config.maxUnauthenticatedConnections(), config.maxUnauthenticatedPerAddress());
    streamHandlers.put(IdentifyMessage.PROTOCOL_ID, this::serveIdentify);
    streamHandlers.put(Ping.PROTOCOL_ID, HostImpl::servePing);
    for (EventExecutor loop : group) {
      // an event loop ends only when the host closes it; one that ends before died of an Error
      // Netty let escape (it logs it as "Unexpected exception from an event executor")
      loop.terminationFuture()
          .addListener(
              f ->
                  failFatally(
                      new IllegalStateException("I/O thread of " + loop + " ended unexpectedly"),
                      "an I/O thread"));
    }
    LOG.debug("host {} uses the {} transport", keypair.peerId(), transport.name());
  }

  /** Creates a host; see {@link io.kameo.libp2p.runtime.Libp2p#newHost(Keypair, HostConfig)}. */
  public static HostImpl create(Keypair keypair, HostConfig config) {
    Objects.requireNonNull(keypair, "keypair");
    Objects.requireNonNull(config, "config");
    HostImpl host = new HostImpl(keypair, config);
    if (config.mdns()) {
      try {
        host.mdns = MdnsService.start(host.peerId(), host::mdnsAddresses, host::dialDiscovered);
      } catch (IOException e) {
        LOG.warn("host {}: mDNS discovery is off: {}", host.peerId(), e.getMessage());
      }
    }
    return host;
  }

  /** Returns the peers mDNS discovery has live announcements of (none when it is off). */
  public Set<PeerId> mdnsPeers() {
    MdnsService m = mdns;
    return m == null ? Set.of() : m.discoveredPeers();
  }

  private List<Multiaddr> mdnsAddresses() {
    return listenAddresses().stream().map(a -> a.withPeerId(peerId())).toList();
  }

  /** Dials a peer mDNS announced, one address after the other, unless it is connected already. */
  private void dialDiscovered(Announcement a) {
    if (closed.get() || isConnected(a.peer())) {
      return;
    }
    try {
      handlers.execute(
          () -> {
            for (Multiaddr address : a.addresses()) {
              try {
                dial(address);
                return;
              } catch (RemoteException | IllegalArgumentException e) {
                LOG.debug("mDNS peer {}: dialing {} failed: {}", a.peer(), address, e.toString());
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // the host closed meanwhile
    }
  }

  Keypair keypair() {
    return keypair;
  }

  /** Returns how many connections are open, counting those still in their handshake. */
  public int connectionCount() {
    return connectionCount.get();
  }

  /** Returns how many inbound connections are in their handshake (hold a handshake slot). */
  public int unauthenticatedCount() {
    return handshakeSlots.size();
  }

  /** Returns how many inbound connections the connection limits refused or evicted. */
  public long refusedConnections() {
    return refusedConnections.get();
  }

  /** Returns how many inbound streams the per-peer stream rate limit refused, over all peers. */
  public long refusedStreams() {
    return refusedStreams.get();
  }

  /** Returns the fatal error that stopped this host, if one did. */
  public Optional<Throwable> fatalError() {
    return Optional.ofNullable(fatalError.get());
  }

  /** Returns the established connection new streams to {@code peer} use, or null. */
  Connection connection(PeerId peer) {
    return connections.get(peer);
  }

  /** Returns how many stream negotiation timers are pending (a stream still negotiating each). */
  public int negotiationTimers() {
    return negotiationTimers.get();
  }

  /** Returns the I/O event loops (for tests that break one). */
  public EventLoopGroup ioGroup() {
    return group;
  }

  /** Returns the Netty transport in use: "epoll" or "nio". */
  public String transportName() {
    return transport.name();
  }

  @Override
  public PeerId peerId() {
    return keypair.peerId();
  }

  @Override
  public HostConfig config() {
    return config;
  }

  /** Whether the host is closed or closing, after {@link #close} or a fatal error. */
  private boolean isClosed() {
    return closed.get() || fatalError.get() != null;
  }

  private void checkOpen(String operation) {
    if (isClosed()) {
      Throwable fatal = fatalError.get();
      throw new HostClosedException(
          "host "
              + peerId()
              + (fatal == null ? " is closed" : " stopped after a fatal error (" + fatal + ")")
              + ": cannot "
              + operation);
    }
  }

  // ------------------------------------------------------------------ listening

  @Override
  public Multiaddr listen(Multiaddr address) {
    Objects.requireNonNull(address, "address");
    checkOpen("listen");
    InetSocketAddress socket = tcpSocket(address, "listen on");
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast(new Connection(HostImpl.this, false, null));
                  }
                });
    ChannelFuture f = b.bind(socket);
    if (!f.awaitUninterruptibly(config.dialTimeout().toMillis())) {
      f.cancel(false);
      throw new RemoteTimeoutException(
          "could not listen on " + address + " within " + config.dialTimeout());
    }
    if (!f.isSuccess()) {
      throw new DialException(
          "cannot listen on " + address + ": " + f.cause().getMessage(), f.cause());
    }
    serverChannels.add(f.channel());
    Multiaddr bound = Multiaddr.tcp((InetSocketAddress) f.channel().localAddress());
    LOG.info("host {} listening on {}", peerId(), bound);
    MdnsService m = mdns;
    if (m != null) {
      m.announce();
    }
    return bound;
  }

  private static WriteBufferWaterMark waterMark() {
    return new WriteBufferWaterMark(256 * 1024, 1024 * 1024);
  }

  private static InetSocketAddress tcpSocket(Multiaddr address, String what) {
    InetSocketAddress socket =
        address
            .tcpAddress()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot "
                            + what
                            + " "
                            + address
                            + ": not a /ip4, /ip6 or /dns TCP multiaddr"));
    if (socket.isUnresolved()) {
      socket = new InetSocketAddress(socket.getHostString(), socket.getPort());
      if (socket.isUnresolved()) {
        throw new DialException("cannot resolve " + socket.getHostString() + " in " + address);
      }
    }
    return socket;
  }

  @Override
  public List<Multiaddr> listenAddresses() {
    List<Multiaddr> out = new ArrayList<>();
    for (Channel ch : serverChannels) {
      if (!ch.isActive()) {
        continue;
      }
      InetSocketAddress local = (InetSocketAddress) ch.localAddress();
      if (local.getAddress().isAnyLocalAddress()) {
        boolean v4 = local.getAddress() instanceof Inet4Address;
        for (InetAddress ip : interfaceAddresses()) {
          if ((ip instanceof Inet4Address) == v4) {
            out.add(Multiaddr.tcp(new InetSocketAddress(ip, local.getPort())));
          }
        }
      } else {
        out.add(Multiaddr.tcp(local));
      }
    }
    return List.copyOf(new LinkedHashSet<>(out));
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp()) {
          continue;
        }
        for (InetAddress ip : Collections.list(ni.getInetAddresses())) {
          if (!ip.isLinkLocalAddress()) {
            out.add(ip);
          }
        }
      }
    } catch (SocketException e) {
      LOG.debug("cannot list network interfaces: {}", e.toString());
    }
    return out;
  }

  // ------------------------------------------------------------------ dialing

  @Override
  public PeerId dial(Multiaddr address) {
    return await(dialAsync(address), config.dialTimeout(), "dial " + address);
  }

  @Override
  public CompletableFuture<PeerId> dialAsync(Multiaddr address) {
    Objects.requireNonNull(address, "address");
    try {
      checkOpen("dial " + address);
      Optional<PeerId> expected = address.peerId();
      if (expected.isPresent()) {
        PeerId peer = expected.get();
        if (peer.equals(peerId())) {
          throw new DialException("can not dial self: " + address + " is this host's own peer id");
        }
        Connection existing = connections.get(peer);
        if (existing != null) {
          return CompletableFuture.completedFuture(peer);
        }
        CompletableFuture<PeerId> mine = new CompletableFuture<>();
        CompletableFuture<PeerId> other = pendingDials.putIfAbsent(peer, mine);
        if (other != null) {
          return other;
        }
        if (connections.get(peer) != null) { // established while we registered
          pendingDials.remove(peer, mine);
          mine.complete(peer);
          return mine;
        }
        connect(address, peer)
            .whenComplete(
                (p, e) -> {
                  pendingDials.remove(peer, mine);
                  if (e != null) {
                    mine.completeExceptionally(e);
                  } else {
                    mine.complete(p);
                  }
                });
        return mine;
      }
      return connect(address, null);
    } catch (RemoteException | IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<PeerId> connect(Multiaddr address, PeerId expected) {
    InetSocketAddress socket = tcpSocket(address, "dial");
    if (!reserveConnection()) {
      throw new DialException(
          "cannot dial " + address + ": connection limit " + config.maxConnections() + " reached");
    }
    Connection connection = new Connection(this, true, expected);
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.dialTimeout().toMillis())
            .handler(connection);
    CompletableFuture<PeerId> result = new CompletableFuture<>();
    b.connect(socket)
        .addListener(
            (ChannelFuture f) -> {
              if (!f.isSuccess()) {
                connectionCount.decrementAndGet();
                result.completeExceptionally(
                    new DialException(
                        "cannot connect to " + address + ": " + f.cause().getMessage(), f.cause()));
              }
            });
    connection.established.whenComplete(
        (c, e) -> {
          if (e != null) {
            result.completeExceptionally(
                e instanceof DialException
                    ? e
                    : new DialException("dial " + address + " failed: " + e.getMessage(), e));
          } else {
            addAddress(c.remotePeer(), address.decapsulate(Multiaddr.Protocol.P2P));
            result.complete(c.remotePeer());
          }
        });
    return result;
  }

  /** Counts a new connection if the limit allows; false if the limit is reached. */
  boolean reserveConnection() {
    while (true) {
      int n = connectionCount.get();
      if (n >= config.maxConnections() || isClosed()) {
        return false;
      }
      if (connectionCount.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /**
   * Gives an inbound connection from {@code ip} a handshake slot, closing the oldest
   * unauthenticated connection if it takes that one's; false if it is refused.
   */
  boolean takeHandshakeSlot(Connection c, InetAddress ip) {
    HandshakeSlots.Admission<Connection> a = handshakeSlots.admit(c, ip);
    if (a.evicted() != null) {
      refusedConnections.incrementAndGet();
      LOG.debug("evicting the oldest unauthenticated connection for one from {}", ip);
      a.evicted().evict();
    }
    if (!a.admitted()) {
      refusedConnections.incrementAndGet();
      LOG.debug("refusing inbound connection: {}", a.refusal());
    }
    return a.admitted();
  }

  void countRefusedConnection() {
    refusedConnections.incrementAndGet();
  }

  void releaseHandshakeSlot(Connection c) {
    handshakeSlots.release(c);
  }

  /** The stream rate limiter of {@code peer}, shared by its connections. */
  StreamRateLimiter streamLimiter(PeerId peer) {
    return streamLimiters.computeIfAbsent(
        peer, p -> new StreamRateLimiter(config.inboundStreamsPerSecond(), System::nanoTime));
  }

  /** The reason connections end while the host closes, or null while it is open. */
  ConnectionClosedException closingReason() {
    if (!isClosed()) {
      return null;
    }
    Throwable fatal = fatalError.get();
    return fatal == null
        ? new ConnectionClosedException(Reason.HOST_CLOSED, "host " + peerId() + " closed")
        : new ConnectionClosedException(
            Reason.HOST_FAILED, "host " + peerId() + " stopped after a fatal error", fatal);
  }

  /**
   * Stops the host after a fatal error on its I/O path: an {@link Error} such as {@link
   * OutOfMemoryError} that reached a connection, or an I/O thread that died. Such a host cannot be
   * trusted to read or answer anything any more, and one that silently stops reading is worse for
   * its peers than one that is gone: so it logs the error at ERROR, closes every connection (the
   * listeners see {@link Reason#HOST_FAILED} with the error as cause, the peers a closed
   * connection) and closes itself, on a new thread (an event loop cannot wait for itself). Later
   * calls throw {@link HostClosedException} naming the error. Once; any thread.
   */
  void failFatally(Throwable error, String where) {
    if (closed.get() || !fatalError.compareAndSet(null, error)) {
      return;
    }
    LOG.error("host {} stops after a fatal error in {}", peerId(), where, error);
    try {
      Thread.ofPlatform().name("kameo-host-failure").daemon().start(this::close);
    } catch (Throwable e) { // no thread to be had, e.g. out of memory: close what we can here
      closed.set(true);
      for (Connection c : all) {
        c.closeGracefully(closingReason());
      }
    }
  }

  void onEstablished(Connection c) {
    all.add(c);
    if (isClosed()) {
      c.closeGracefully(closingReason());
      return;
    }
    int ofPeer = 0;
    for (Connection other : all) {
      ofPeer += c.remotePeer().equals(other.remotePeerOrNull()) ? 1 : 0;
    }
    if (ofPeer > config.maxConnectionsPerPeer()) {
      refusedConnections.incrementAndGet();
      c.closeGracefully(
          new ConnectionClosedException(
              Reason.LOCAL_CLOSE,
              "peer "
                  + c.remotePeer()
                  + " already has "
                  + config.maxConnectionsPerPeer()
                  + " connections: closing the newest"));
      return;
    }
    Connection existing = connections.putIfAbsent(c.remotePeer(), c);
    if (existing != null) {
      if (c.isInitiator() && !c.dialedPeerId()) {
        // dialed without /p2p, so the dial could not be deduplicated: keep the older connection
        LOG.debug("already connected to {}: closing the duplicate {}", c.remotePeer(), c);
        c.closeGracefully(
            new ConnectionClosedException(
                Reason.LOCAL_CLOSE, "duplicate connection to " + c.remotePeer() + " closed"));
      }
    } else {
      for (ConnectionListener l : listeners) {
        try {
          l.connected(c.remotePeer(), c.remoteAddress());
        } catch (RuntimeException e) {
          LOG.warn("connection listener failed", e);
        }
      }
    }
  }

  void onClosed(Connection c, boolean wasEstablished, ConnectionClosedException reason) {
    connectionCount.decrementAndGet();
    all.remove(c);
    if (!wasEstablished) {
      return;
    }
    PeerId peer = c.remotePeer();
    boolean others = false;
    for (Connection other : all) {
      others |= peer.equals(other.remotePeerOrNull());
    }
    if (!others) {
      streamLimiters.remove(peer);
    }
    if (connections.remove(peer, c)) {
      for (Connection other : all) {
        if (peer.equals(other.remotePeerOrNull())
            && other.isEstablished()
            && connections.putIfAbsent(peer, other) == null) {
          return;
        }
      }
      for (ConnectionListener l : listeners) {
        try {
          l.disconnected(peer, reason);
        } catch (RuntimeException e) {
          LOG.warn("connection listener failed", e);
        }
      }
    }
  }

  // ------------------------------------------------------------------ streams

  @Override
  public Stream newStream(PeerId peer, String protocol) {
    return newStream(peer, protocol, config.dialTimeout().plus(config.streamTimeout()));
  }

  @Override
  public Stream newStream(PeerId peer, String protocol, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    return await(
        newStreamAsync(peer, protocol), timeout, "open " + protocol + " stream to " + peer);
  }

  @Override
  public CompletableFuture<Stream> newStreamAsync(PeerId peer, String protocol) {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(protocol, "protocol");
    try {
      checkOpen("open a stream");
    } catch (HostClosedException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HostStream> opening =
        connectionTo(peer).thenCompose(c -> c.openStream(protocol));
    CompletableFuture<Stream> result =
        opening
            .thenApply(s -> (Stream) s)
            .orTimeout(
                config.dialTimeout().plus(config.streamTimeout()).toMillis(),
                TimeUnit.MILLISECONDS);
    // a caller that gave up (timeout, cancel) never sees a stream that opens after all: reset it
    result.whenComplete(
        (s, e) -> {
          if (e != null) {
            opening.thenAccept(HostStream::reset);
          }
        });
    return result;
  }

  private CompletableFuture<Connection> connectionTo(PeerId peer) {
    Connection c = connections.get(peer);
    if (c != null) {
      return CompletableFuture.completedFuture(c);
    }
    List<Multiaddr> known = addresses(peer);
    if (known.isEmpty()) {
      return CompletableFuture.failedFuture(
          new DialException("not connected to " + peer + " and no address of it is known"));
    }
    CompletableFuture<PeerId> attempt = dialAsync(known.get(known.size() - 1).withPeerId(peer));
    for (int i = known.size() - 2; i >= 0; i--) {
      Multiaddr next = known.get(i).withPeerId(peer);
      attempt = attempt.exceptionallyCompose(e -> dialAsync(next));
    }
    return attempt.thenApply(
        p -> {
          Connection now = connections.get(p);
          if (now == null) {
            throw new DialException("connection to " + peer + " closed right after the dial");
          }
          return now;
        });
  }

  @Override
  public void setStreamHandler(String protocol, StreamHandler handler) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(handler, "handler");
    if (protocol.isEmpty() || protocol.indexOf('\n') >= 0 || protocol.length() > 1000) {
      throw new IllegalArgumentException("not a protocol id: \"" + protocol + "\"");
    }
    streamHandlers.put(protocol, handler);
  }

  @Override
  public void removeStreamHandler(String protocol) {
    streamHandlers.remove(Objects.requireNonNull(protocol, "protocol"));
  }

  @Override
  public Set<String> protocols() {
    return Set.copyOf(new TreeSet<>(streamHandlers.keySet()));
  }

  List<String> protocolList() {
    return List.copyOf(new TreeSet<>(streamHandlers.keySet()));
  }

  /** Runs the handler of a negotiated inbound stream on its own virtual thread. */
  void dispatch(HostStream stream) {
    StreamHandler handler = streamHandlers.get(stream.protocol());
    if (handler == null) {
      stream.reset();
      return;
    }
    try {
      handlers.execute(
          () -> {
            try {
              handler.handle(stream);
              stream.closeWrite();
              stream.discardInbound();
            } catch (StreamResetException e) {
              LOG.debug(
                  "stream {} from {} ended: {}", stream.protocol(), stream.peer(), e.getMessage());
              stream.reset();
            } catch (Exception e) {
              LOG.info(
                  "handler of {} from {} failed, resetting the stream: {}",
                  stream.protocol(),
                  stream.peer(),
                  e.toString());
              stream.reset();
            } catch (Error e) { // the application's handler, not the host's I/O: log, free, go on
              LOG.error(
                  "handler of {} from {} failed, resetting the stream",
                  stream.protocol(),
                  stream.peer(),
                  e);
              stream.reset();
            }
          });
    } catch (RuntimeException e) {
      stream.reset();
    }
  }

  // ------------------------------------------------------------------ peers

  @Override
  public void addConnectionListener(ConnectionListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public Set<PeerId> connectedPeers() {
    return Set.copyOf(connections.keySet());
  }

  @Override
  public boolean isConnected(PeerId peer) {
    return connections.containsKey(Objects.requireNonNull(peer, "peer"));
  }

  @Override
  public void addAddress(PeerId peer, Multiaddr address) {
    Objects.requireNonNull(peer, "peer");
    Multiaddr plain = address.decapsulate(Multiaddr.Protocol.P2P);
    if (plain.tcpAddress().isEmpty()) {
      return;
    }
    Set<Multiaddr> set =
        peerStore.computeIfAbsent(peer, p -> Collections.synchronizedSet(new LinkedHashSet<>()));
    synchronized (set) {
      set.remove(plain);
      set.add(plain);
    }
  }

  @Override
  public List<Multiaddr> addresses(PeerId peer) {
    Set<Multiaddr> set = peerStore.get(Objects.requireNonNull(peer, "peer"));
    if (set == null) {
      return List.of();
    }
    synchronized (set) {
      return List.copyOf(set);
    }
  }

  @Override
  public void disconnect(PeerId peer) {
    Objects.requireNonNull(peer, "peer");
    for (Connection c : all) {
      if (peer.equals(c.remotePeerOrNull())) {
        c.closeGracefully(
            new ConnectionClosedException(
                Reason.LOCAL_CLOSE, "this host disconnected from " + peer));
      }
    }
  }

  // ------------------------------------------------------------------ ping and identify

  @Override
  public Duration ping(PeerId peer) {
    Duration timeout = config.streamTimeout();
    try (Stream s = newStream(peer, Ping.PROTOCOL_ID)) {
      byte[] payload = new byte[Ping.SIZE];
      RANDOM.nextBytes(payload);
      byte[] echo = new byte[Ping.SIZE];
      long start = System.nanoTime();
      s.write(payload, timeout);
      s.readFully(echo, timeout);
      long rtt = System.nanoTime() - start;
      if (!Arrays.equals(payload, echo)) {
        s.reset();
        throw new StreamResetException("ping to " + peer + " answered with other bytes");
      }
      return Duration.ofNanos(rtt);
    }
  }

  private static void servePing(Stream s) {
    byte[] buf = new byte[Ping.SIZE];
    while (true) {
      int off = 0;
      while (off < Ping.SIZE) {
        int n = s.read(buf, off, Ping.SIZE - off, Duration.ofMinutes(1));
        if (n < 0) {
          return; // the dialer closed its side; the host closes ours
        }
        off += n;
      }
      s.write(buf, Duration.ofSeconds(30));
    }
  }

  private void serveIdentify(Stream s) {
    HostStream stream = (HostStream) s;
    Connection c = stream.connection();
    List<byte[]> addrs = new ArrayList<>();
    for (Multiaddr a : listenAddresses()) {
      addrs.add(a.toBytes());
    }
    Multiaddr observed = c.remoteAddress();
    IdentifyMessage message =
        new IdentifyMessage(
            keypair.publicKey().toProtobuf(),
            addrs,
            protocolList(),
            observed == null ? null : observed.toBytes(),
            IdentifyMessage.PROTOCOL_VERSION,
            config.agentVersion(),
            null);
    byte[] body = message.encode();
    byte[] prefix = Varint.encode(body.length);
    byte[] out = Arrays.copyOf(prefix, prefix.length + body.length);
    System.arraycopy(body, 0, out, prefix.length, body.length);
    s.write(out, Duration.ofSeconds(10));
    s.closeWrite();
  }

  @Override
  public IdentifyInfo identify(PeerId peer) {
    try (Stream s = newStream(peer, IdentifyMessage.PROTOCOL_ID)) {
      s.closeWrite();
      byte[] all =
          s.readAll(
              IdentifyMessage.MAX_MESSAGES * (IdentifyMessage.MAX_MESSAGE_SIZE + 2),
              Duration.ofSeconds(Math.min(10, config.streamTimeout().toSeconds() + 1)));
      IdentifyMessage merged = null;
      ByteBuf in = Unpooled.wrappedBuffer(all);
      int count = 0;
      while (in.isReadable()) {
        long length;
        try {
          length = Varint.tryRead(in, 2);
        } catch (IllegalArgumentException e) {
          throw new StreamResetException(
              "identify from " + peer + ": bad length prefix: " + e.getMessage());
        }
        if (length < 0
            || length > IdentifyMessage.MAX_MESSAGE_SIZE
            || in.readableBytes() < length) {
          throw new StreamResetException(
              "identify from " + peer + ": truncated or oversized message (" + length + " bytes)");
        }
        if (++count > IdentifyMessage.MAX_MESSAGES) {
          throw new StreamResetException("identify from " + peer + ": more than 10 messages");
        }
        byte[] body = new byte[(int) length];
        in.readBytes(body);
        try {
          merged = IdentifyMessage.decode(body, merged);
        } catch (IllegalArgumentException e) {
          throw new StreamResetException("identify from " + peer + ": " + e.getMessage(), e);
        }
      }
      if (merged == null || merged.publicKey() == null) {
        throw new StreamResetException("identify from " + peer + ": no public key sent");
      }
      PublicKey key;
      try {
        key = PublicKey.fromProtobuf(merged.publicKey());
      } catch (IllegalArgumentException e) {
        throw new StreamResetException(
            "identify from " + peer + ": bad public key: " + e.getMessage(), e);
      }
      if (!key.peerId().equals(peer)) {
        throw new StreamResetException(
            "identify from " + peer + ": public key belongs to " + key.peerId());
      }
      List<Multiaddr> listen = new ArrayList<>();
      for (byte[] a : merged.listenAddrs()) {
        try {
          Multiaddr m = Multiaddr.fromBytes(a);
          listen.add(m);
          addAddress(peer, m);
        } catch (IllegalArgumentException e) {
          LOG.debug("identify from {}: skipping listen address: {}", peer, e.getMessage());
        }
      }
      Optional<Multiaddr> observed = Optional.empty();
      if (merged.observedAddr() != null) {
        try {
          observed = Optional.of(Multiaddr.fromBytes(merged.observedAddr()));
        } catch (IllegalArgumentException e) {
          LOG.debug("identify from {}: bad observed address: {}", peer, e.getMessage());
        }
      }
      return new IdentifyInfo(
          peer,
          key,
          Objects.requireNonNullElse(merged.protocolVersion(), ""),
          Objects.requireNonNullElse(merged.agentVersion(), ""),
          listen,
          merged.protocols(),
          observed);
    }
  }

  // ------------------------------------------------------------------ shutdown

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    MdnsService m = mdns;
    if (m != null) {
      m.close(); // says goodbye while the listen addresses are still there
    }
    for (Channel ch : serverChannels) {
      ch.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
    ConnectionClosedException reason = closingReason();
    for (Connection c : all) {
      c.closeGracefully(reason);
    }
    for (CompletableFuture<PeerId> f : pendingDials.values()) {
      f.completeExceptionally(
          new HostClosedException("host " + peerId() + " closed during the dial"));
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    handlers.shutdownNow();
    LOG.debug("host {} closed", peerId());
  }

  // ------------------------------------------------------------------ helpers

  private <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new RemoteTimeoutException("could not " + what + " within " + timeout);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause(), what);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteTimeoutException("interrupted while trying to " + what);
    }
  }

  private static RuntimeException rethrow(Throwable e, String what) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof RemoteException r) {
      return r;
    }
    if (e instanceof TimeoutException) {
      return new RemoteTimeoutException("could not " + what + " in time");
    }
    if (e instanceof IllegalArgumentException i) {
      return i;
    }
    return new DialException("could not " + what + ": " + e, e);
  }

  @Override
  public String toString() {
    return "Host(" + peerId() + ")";
  }
}
