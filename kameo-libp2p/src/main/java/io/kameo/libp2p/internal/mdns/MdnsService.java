package io.kameo.libp2p.internal.mdns;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.mdns.MdnsMessage.Announcement;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API. libp2p mDNS discovery (the spec's {@code discovery/mdns.md}) on IPv4: joins {@code
 * 224.0.0.251:5353} on every multicast-capable interface that is up, asks {@code _p2p._udp.local
 * PTR} when it starts and every {@link #QUERY_INTERVAL}, answers every such query (its own
 * included, as the spec asks, so peers also discover each other passively) with this peer's
 * addresses, announces them when {@link #announce()} is called (a new listen address) and says
 * goodbye (TTL 0) when closed. Every peer another peer announces goes to {@code discovered}.
 *
 * <p>Bounded: packets above {@value MdnsCodec#MAX_PACKET} bytes and malformed ones are dropped with
 * a debug log; packets not from port 5353 (legacy unicast queriers) are ignored; the table of
 * discovered peers keeps at most {@link #MAX_PEERS} names, each until its TTL (at most {@link
 * #MAX_TTL}) runs out; this peer multicasts its response at most once a second (RFC 6762), however
 * many queries arrive, and queries once per interval.
 *
 * <p>Threads: one virtual thread receives; one daemon scheduler thread sends the periodic queries
 * and deferred responses; {@code discovered} runs on the receiving thread and must not block.
 * {@link #close()} stops both and closes the socket.
 */
public final class MdnsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MdnsService.class);

  /** The mDNS group and port. */
  public static final InetSocketAddress GROUP =
      new InetSocketAddress(ipv4(new byte[] {(byte) 224, 0, 0, (byte) 251}), 5353);

  /** How long this peer's announcements hold (RFC 6762's TTL for records with host names). */
  public static final Duration TTL = Duration.ofMinutes(2);

  /** How often this peer asks for all peers, which refreshes them before their TTL ends. */
  public static final Duration QUERY_INTERVAL = Duration.ofMinutes(1);

  /** The longest TTL taken from another peer's announcement. */
  public static final Duration MAX_TTL = Duration.ofHours(1);

  /** The most peer-names kept at once. */
  public static final int MAX_PEERS = 64;

  private static final Duration RESPONSE_GAP = Duration.ofSeconds(1);
  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

  private final String peerName;
  private final Supplier<List<Multiaddr>> addresses;
  private final Consumer<Announcement> discovered;
  private final DiscoveredPeers peers;
  private final DatagramChannel channel;
  private final List<NetworkInterface> interfaces;
  private final ScheduledExecutorService timer;
  private final Clock clock;

  /** Guards sending (the multicast interface option) and the response schedule below. */
  private final ReentrantLock sendLock = new ReentrantLock();

  private long lastResponseNanos = Long.MIN_VALUE;
  private boolean responseScheduled;
  private volatile boolean closed;

  private MdnsService(
      PeerId self,
      Supplier<List<Multiaddr>> addresses,
      Consumer<Announcement> discovered,
      DatagramChannel channel,
      List<NetworkInterface> interfaces,
      Clock clock) {
    this.peerName = randomPeerName();
    this.addresses = addresses;
    this.discovered = discovered;
    this.channel = channel;
    this.interfaces = interfaces;
    this.clock = clock;
    this.peers = new DiscoveredPeers(self, MAX_PEERS, MAX_TTL, clock);
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("kameo-mdns-" + peerName.substring(0, 8)).factory());
  }

  /**
   * Starts discovery for the peer {@code self}.
   *
   * @param addresses this peer's current addresses, each with its {@code /p2p/} part
   * @param discovered told of every new or refreshed announcement of another peer
   * @throws IOException if the mDNS socket cannot be opened or no interface can join the group
   */
  public static MdnsService start(
      PeerId self, Supplier<List<Multiaddr>> addresses, Consumer<Announcement> discovered)
      throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.bind(new InetSocketAddress(GROUP.getPort()));
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 255);
      List<NetworkInterface> joined = new ArrayList<>();
      for (NetworkInterface nif : multicastInterfaces()) {
        try {
          channel.join(GROUP.getAddress(), nif);
          joined.add(nif);
        } catch (IOException e) {
          LOG.debug("mDNS: cannot join {} on {}: {}", GROUP, nif.getName(), e.toString());
        }
      }
      if (joined.isEmpty()) {
        throw new IOException("no network interface that is up supports IPv4 multicast");
      }
      MdnsService service =
          new MdnsService(
              self, addresses, discovered, channel, List.copyOf(joined), Clock.systemUTC());
      service.run();
      return service;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Returns this peer's random peer-name. */
  public String peerName() {
    return peerName;
  }

  /** Returns the peers whose announcements are live. */
  public Set<PeerId> discoveredPeers() {
    return peers.peers();
  }

  /** Announces this peer's addresses now, or within a second if it just did. */
  public void announce() {
    respond();
  }

  private void run() {
    Thread.ofVirtual().name("kameo-mdns-receive-" + peerName.substring(0, 8)).start(this::receive);
    timer.scheduleWithFixedDelay(this::query, 0, QUERY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    LOG.info(
        "mDNS discovery as {} on {}",
        peerName,
        interfaces.stream().map(NetworkInterface::getName).toList());
  }

  private void receive() {
    // one byte more than the largest packet, so a larger one shows as filling the buffer
    ByteBuffer buffer = ByteBuffer.allocate(MdnsCodec.MAX_PACKET + 1);
    while (!closed) {
      SocketAddress from;
      try {
        buffer.clear();
        from = channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.debug("mDNS receive failed: {}", e.toString());
        continue;
      }
      buffer.flip();
      handle(buffer, (InetSocketAddress) from);
    }
  }

  private void handle(ByteBuffer packet, InetSocketAddress from) {
    if (from.getPort() != GROUP.getPort()) {
      LOG.debug("mDNS: ignoring a packet from port {} of {}", from.getPort(), from);
      return;
    }
    MdnsMessage message;
    try {
      message = MdnsCodec.decode(Unpooled.wrappedBuffer(packet));
    } catch (IllegalArgumentException e) {
      LOG.debug("mDNS: dropping a packet from {}: {}", from, e.getMessage());
      return;
    }
    switch (message) {
      case MdnsMessage.Query q -> {
        if (q.findsPeers()) {
          respond();
        }
      }
      case MdnsMessage.Response r -> r.peers().forEach(a -> learn(a, from));
    }
  }

  private void learn(Announcement a, InetSocketAddress from) {
    DiscoveredPeers.Outcome outcome = peers.offer(a);
    switch (outcome) {
      case NEW, REFRESHED -> {
        LOG.debug("mDNS: {} peer {} ({}) from {}", outcome, a.peer(), a.peerName(), from);
        try {
          discovered.accept(a);
        } catch (RuntimeException e) {
          LOG.warn("mDNS: handling the discovery of {} failed", a.peer(), e);
        }
      }
      case REMOVED -> LOG.debug("mDNS: peer {} ({}) said goodbye", a.peer(), a.peerName());
      case REFUSED -> LOG.debug("mDNS: refused {} from {}", a, from);
    }
  }

  private void query() {
    send(MdnsCodec.encodeQuery());
  }

  /** Multicasts the response now, or schedules it for one second after the previous one. */
  private void respond() {
    sendLock.lock();
    try {
      if (closed || responseScheduled) {
        return;
      }
      long wait = lastResponseNanos + RESPONSE_GAP.toNanos() - System.nanoTime();
      if (lastResponseNanos == Long.MIN_VALUE || wait <= 0) {
        sendResponse(TTL);
      } else {
        responseScheduled = true;
        timer.schedule(this::deferredResponse, wait, TimeUnit.NANOSECONDS);
      }
    } finally {
      sendLock.unlock();
    }
  }

  private void deferredResponse() {
    sendLock.lock();
    try {
      responseScheduled = false;
      if (!closed) {
        sendResponse(TTL);
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** Sends the response with {@code ttl}; the caller holds {@link #sendLock}. */
  private void sendResponse(Duration ttl) {
    List<Multiaddr> mine = addresses.get();
    if (mine.isEmpty()) {
      return; // not listening yet: announce() follows the first listen
    }
    byte[] packet;
    try {
      packet = MdnsCodec.encodeResponse(peerName, mine, ttl);
    } catch (IllegalArgumentException e) {
      LOG.debug("mDNS: cannot announce {}: {}", mine, e.getMessage());
      return;
    }
    lastResponseNanos = System.nanoTime();
    send(packet);
  }

  private void send(byte[] packet) {
    sendLock.lock();
    try {
      for (NetworkInterface nif : interfaces) {
        try {
          channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
          channel.send(ByteBuffer.wrap(packet), GROUP);
        } catch (IOException e) {
          LOG.debug("mDNS: sending on {} failed: {}", nif.getName(), e.toString());
        }
      }
    } finally {
      sendLock.unlock();
    }
  }

  /** Says goodbye (TTL 0), stops the threads and closes the socket. Idempotent. */
  @Override
  public void close() {
    sendLock.lock();
    try {
      if (closed) {
        return;
      }
      sendResponse(Duration.ZERO);
      closed = true;
    } finally {
      sendLock.unlock();
    }
    timer.shutdownNow();
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("mDNS: closing the socket failed: {}", e.toString());
    }
  }

  private static List<NetworkInterface> multicastInterfaces() throws SocketException {
    List<NetworkInterface> out = new ArrayList<>();
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp()
          && nif.supportsMulticast()
          && Collections.list(nif.getInetAddresses()).stream()
              .anyMatch(a -> a instanceof Inet4Address)) {
        out.add(nif);
      }
    }
    return out;
  }

  private static String randomPeerName() {
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return name.toString();
  }

  private static InetAddress ipv4(byte[] address) {
    try {
      return InetAddress.getByAddress(address);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
