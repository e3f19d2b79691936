package io.kameo.libp2p;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The limits and timeouts of a {@link Host}; {@link #defaults()} suits most uses. The guide chapter
 * {@code docs/guide/12-remote-limits.md} says what each limit protects against and what happens
 * when it is hit.
 *
 * @param handshakeTimeout how long a new connection may take to finish multistream-select, Noise
 *     and muxer negotiation before it is closed (5 s): an unauthenticated connection holds a slot
 *     for at most this long
 * @param dialTimeout the default time {@link Host#dial} waits for a connection (10 s)
 * @param streamTimeout the default time a blocking stream operation waits (30 s); also how long an
 *     inbound stream may take to agree on its protocol
 * @param maxConnections how many connections (inbound and outbound, including ones still in their
 *     handshake) the host keeps at once; more are refused (512)
 * @param maxStreamsPerConnection how many inbound streams a peer may have open on one connection;
 *     more are reset (1000)
 * @param earlyMuxerNegotiation whether to offer {@code /yamux/1.0.0} inside the Noise handshake
 *     (skipping a multistream-select round trip when the remote does the same)
 * @param agentVersion the agent version identify announces
 * @param maxUnauthenticatedConnections how many inbound connections may be in their handshake at
 *     once (128); a new one beyond this closes the oldest, so the rest of {@code maxConnections} is
 *     kept for peers that authenticate. At most {@code maxConnections}
 * @param maxUnauthenticatedPerAddress how many inbound connections from one remote IP address may
 *     be in their handshake at once (32); more are refused at once
 * @param maxConnectionsPerPeer how many established connections one peer id may have at once (8;
 *     two peers dialing each other at once make two); a newer one beyond is closed
 * @param inboundStreamsPerSecond how many inbound streams one peer may open per second, summed over
 *     its connections (1000, with a burst of as many); streams beyond are reset before anything is
 *     allocated for them
 * @param heartbeatInterval how often the failure detector checks a connection and, when nothing
 *     arrived during the last interval, sends a Yamux ping (1 s)
 * @param acceptableHeartbeatPause how long a connection may stay silent (no byte, no ping answer)
 *     before it is closed with {@link ConnectionClosedException.Reason#PEER_UNRESPONSIVE} (5 s); a
 *     silent peer is noticed after this pause and at most one {@code heartbeatInterval} more
 * @param mdns whether the host finds peers on the local network by libp2p's mDNS discovery and
 *     dials them (off): it joins {@code 224.0.0.251:5353} on every multicast-capable interface,
 *     answers {@code _p2p._udp.local} queries with its listen addresses and dials every peer
 *     announced there, so a {@link Dht} on it fills its routing table with no bootstrap address
 *     (see {@code docs/guide/18-discovery.md})
 */
public record HostConfig(
    Duration handshakeTimeout,
    Duration dialTimeout,
    Duration streamTimeout,
    int maxConnections,
    int maxStreamsPerConnection,
    boolean earlyMuxerNegotiation,
    String agentVersion,
    int maxUnauthenticatedConnections,
    int maxUnauthenticatedPerAddress,
    int maxConnectionsPerPeer,
    int inboundStreamsPerSecond,
    Duration heartbeatInterval,
    Duration acceptableHeartbeatPause,
    boolean mdns) {

  private static final HostConfig DEFAULTS =
      new HostConfig(
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          512,
          1000,
          true,
          "kameo-java/0.1.0",
          128,
          32,
          8,
          1000,
          Duration.ofSeconds(1),
          Duration.ofSeconds(5),
          false);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a duration is not positive, a limit is below 1, {@code
   *     maxUnauthenticatedConnections} exceeds {@code maxConnections}, or the heartbeat pause is
   *     shorter than the heartbeat interval
   */
  public HostConfig {
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(dialTimeout, "dialTimeout");
    requirePositive(streamTimeout, "streamTimeout");
    requirePositive(heartbeatInterval, "heartbeatInterval");
    requirePositive(acceptableHeartbeatPause, "acceptableHeartbeatPause");
    requireAtLeastOne(maxConnections, "maxConnections");
    requireAtLeastOne(maxStreamsPerConnection, "maxStreamsPerConnection");
    requireAtLeastOne(maxUnauthenticatedConnections, "maxUnauthenticatedConnections");
    requireAtLeastOne(maxUnauthenticatedPerAddress, "maxUnauthenticatedPerAddress");
    requireAtLeastOne(maxConnectionsPerPeer, "maxConnectionsPerPeer");
    requireAtLeastOne(inboundStreamsPerSecond, "inboundStreamsPerSecond");
    if (maxUnauthenticatedConnections > maxConnections) {
      throw new IllegalArgumentException(
          "maxUnauthenticatedConnections "
              + maxUnauthenticatedConnections
              + " exceeds maxConnections "
              + maxConnections);
    }
    if (acceptableHeartbeatPause.compareTo(heartbeatInterval) < 0) {
      throw new IllegalArgumentException(
          "acceptableHeartbeatPause "
              + acceptableHeartbeatPause
              + " is shorter than heartbeatInterval "
              + heartbeatInterval);
    }
    Objects.requireNonNull(agentVersion, "agentVersion");
  }

  /**
   * Returns the defaults: 5 s handshakes, 10 s dials, 30 s stream operations, 512 connections of
   * which at most 128 (32 per remote address) unauthenticated, 8 per peer, 1000 inbound streams per
   * second per peer, heartbeats every 1 s and a silent peer closed after 5 s.
   */
  public static HostConfig defaults() {
    return DEFAULTS;
  }

  /** Returns a copy with the given handshake timeout. */
  public HostConfig withHandshakeTimeout(Duration timeout) {
    return copy(b -> b.handshakeTimeout = timeout);
  }

  /** Returns a copy with the given default dial timeout. */
  public HostConfig withDialTimeout(Duration timeout) {
    return copy(b -> b.dialTimeout = timeout);
  }

  /** Returns a copy with the given default stream timeout. */
  public HostConfig withStreamTimeout(Duration timeout) {
    return copy(b -> b.streamTimeout = timeout);
  }

  /**
   * Returns a copy with the given connection limit; the unauthenticated limit is lowered to it if
   * it was higher.
   */
  public HostConfig withMaxConnections(int limit) {
    return copy(
        b -> {
          b.maxConnections = limit;
          b.maxUnauthenticatedConnections = Math.min(b.maxUnauthenticatedConnections, limit);
        });
  }

  /** Returns a copy with the given limit of inbound streams per connection. */
  public HostConfig withMaxStreamsPerConnection(int limit) {
    return copy(b -> b.maxStreamsPerConnection = limit);
  }

  /** Returns a copy that does or does not offer the muxer inside the Noise handshake. */
  public HostConfig withEarlyMuxerNegotiation(boolean early) {
    return copy(b -> b.earlyMuxerNegotiation = early);
  }

  /** Returns a copy with the given identify agent version. */
  public HostConfig withAgentVersion(String agent) {
    return copy(b -> b.agentVersion = agent);
  }

  /** Returns a copy with the given limits of inbound connections still in their handshake. */
  public HostConfig withUnauthenticatedLimits(int total, int perAddress) {
    return copy(
        b -> {
          b.maxUnauthenticatedConnections = total;
          b.maxUnauthenticatedPerAddress = perAddress;
        });
  }

  /** Returns a copy with the given limit of established connections per peer id. */
  public HostConfig withMaxConnectionsPerPeer(int limit) {
    return copy(b -> b.maxConnectionsPerPeer = limit);
  }

  /** Returns a copy with the given rate of inbound streams one peer may open per second. */
  public HostConfig withInboundStreamsPerSecond(int rate) {
    return copy(b -> b.inboundStreamsPerSecond = rate);
  }

  /** Returns a copy with the given failure detector timing. */
  public HostConfig withHeartbeat(Duration interval, Duration acceptablePause) {
    return copy(
        b -> {
          b.heartbeatInterval = interval;
          b.acceptableHeartbeatPause = acceptablePause;
        });
  }

  /** Returns a copy with mDNS discovery on or off. */
  public HostConfig withMdns(boolean on) {
    return copy(b -> b.mdns = on);
  }

  private HostConfig copy(Consumer<Builder> change) {
    Builder b = new Builder(this);
    change.accept(b);
    return b.build();
  }

  /** The mutable copy the {@code with…} methods change one or two values of. */
  private static final class Builder {
    Duration handshakeTimeout;
    Duration dialTimeout;
    Duration streamTimeout;
    int maxConnections;
    int maxStreamsPerConnection;
    boolean earlyMuxerNegotiation;
    String agentVersion;
    int maxUnauthenticatedConnections;
    int maxUnauthenticatedPerAddress;
    int maxConnectionsPerPeer;
    int inboundStreamsPerSecond;
    Duration heartbeatInterval;
    Duration acceptableHeartbeatPause;
    boolean mdns;

    Builder(HostConfig c) {
      handshakeTimeout = c.handshakeTimeout;
      dialTimeout = c.dialTimeout;
      streamTimeout = c.streamTimeout;
      maxConnections = c.maxConnections;
      maxStreamsPerConnection = c.maxStreamsPerConnection;
      earlyMuxerNegotiation = c.earlyMuxerNegotiation;
      agentVersion = c.agentVersion;
      maxUnauthenticatedConnections = c.maxUnauthenticatedConnections;
      maxUnauthenticatedPerAddress = c.maxUnauthenticatedPerAddress;
      maxConnectionsPerPeer = c.maxConnectionsPerPeer;
      inboundStreamsPerSecond = c.inboundStreamsPerSecond;
      heartbeatInterval = c.heartbeatInterval;
      acceptableHeartbeatPause = c.acceptableHeartbeatPause;
      mdns = c.mdns;
    }

    HostConfig build() {
      return new HostConfig(
          handshakeTimeout,
          dialTimeout,
          streamTimeout,
          maxConnections,
          maxStreamsPerConnection,
          earlyMuxerNegotiation,
          agentVersion,
          maxUnauthenticatedConnections,
          maxUnauthenticatedPerAddress,
          maxConnectionsPerPeer,
          inboundStreamsPerSecond,
          heartbeatInterval,
          acceptableHeartbeatPause,
          mdns);
    }
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static void requireAtLeastOne(int limit, String name) {
    if (limit < 1) {
      throw new IllegalArgumentException(name + " must be at least 1: " + limit);
    }
  }
}
