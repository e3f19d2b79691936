package io.kameo.remote;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits and timeouts of a {@link Host}; {@link #defaults()} suits most uses.
 *
 * @param handshakeTimeout how long a new connection may take to finish multistream-select, Noise
 *     and muxer negotiation before it is closed
 * @param dialTimeout the default time {@link Host#dial} waits for a connection
 * @param streamTimeout the default time a blocking stream operation waits
 * @param maxConnections how many connections (inbound and outbound, including ones still in their
 *     handshake) the host keeps at once; more are refused
 * @param maxStreamsPerConnection how many inbound streams a peer may have open on one connection;
 *     more are reset
 * @param earlyMuxerNegotiation whether to offer {@code /yamux/1.0.0} inside the Noise handshake
 *     (skipping a multistream-select round trip when the remote does the same)
 * @param agentVersion the agent version identify announces
 */
public record HostConfig(
    Duration handshakeTimeout,
    Duration dialTimeout,
    Duration streamTimeout,
    int maxConnections,
    int maxStreamsPerConnection,
    boolean earlyMuxerNegotiation,
    String agentVersion) {

  private static final HostConfig DEFAULTS =
      new HostConfig(
          Duration.ofSeconds(10),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          512,
          1000,
          true,
          "kameo-java/0.1.0");

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a duration is not positive or a limit is below 1
   */
  public HostConfig {
    requirePositive(handshakeTimeout, "handshakeTimeout");
    requirePositive(dialTimeout, "dialTimeout");
    requirePositive(streamTimeout, "streamTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    if (maxStreamsPerConnection < 1) {
      throw new IllegalArgumentException(
          "maxStreamsPerConnection must be at least 1: " + maxStreamsPerConnection);
    }
    Objects.requireNonNull(agentVersion, "agentVersion");
  }

  /** Returns the defaults: 10 s handshakes and dials, 30 s stream operations, 512 connections. */
  public static HostConfig defaults() {
    return DEFAULTS;
  }

  /** Returns a copy with the given handshake timeout. */
  public HostConfig withHandshakeTimeout(Duration timeout) {
    return new HostConfig(
        timeout,
        dialTimeout,
        streamTimeout,
        maxConnections,
        maxStreamsPerConnection,
        earlyMuxerNegotiation,
        agentVersion);
  }

  /** Returns a copy with the given default dial timeout. */
  public HostConfig withDialTimeout(Duration timeout) {
    return new HostConfig(
        handshakeTimeout,
        timeout,
        streamTimeout,
        maxConnections,
        maxStreamsPerConnection,
        earlyMuxerNegotiation,
        agentVersion);
  }

  /** Returns a copy with the given default stream timeout. */
  public HostConfig withStreamTimeout(Duration timeout) {
    return new HostConfig(
        handshakeTimeout,
        dialTimeout,
        timeout,
        maxConnections,
        maxStreamsPerConnection,
        earlyMuxerNegotiation,
        agentVersion);
  }

  /** Returns a copy with the given connection limit. */
  public HostConfig withMaxConnections(int limit) {
    return new HostConfig(
        handshakeTimeout,
        dialTimeout,
        streamTimeout,
        limit,
        maxStreamsPerConnection,
        earlyMuxerNegotiation,
        agentVersion);
  }

  /** Returns a copy with the given limit of inbound streams per connection. */
  public HostConfig withMaxStreamsPerConnection(int limit) {
    return new HostConfig(
        handshakeTimeout,
        dialTimeout,
        streamTimeout,
        maxConnections,
        limit,
        earlyMuxerNegotiation,
        agentVersion);
  }

  /** Returns a copy that does or does not offer the muxer inside the Noise handshake. */
  public HostConfig withEarlyMuxerNegotiation(boolean early) {
    return new HostConfig(
        handshakeTimeout,
        dialTimeout,
        streamTimeout,
        maxConnections,
        maxStreamsPerConnection,
        early,
        agentVersion);
  }

  /** Returns a copy with the given identify agent version. */
  public HostConfig withAgentVersion(String agent) {
    return new HostConfig(
        handshakeTimeout,
        dialTimeout,
        streamTimeout,
        maxConnections,
        maxStreamsPerConnection,
        earlyMuxerNegotiation,
        agent);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
