package io.kameo.libp2p;

import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of a {@link Dht}; {@link #defaults()} follows the kad-dht spec and js-libp2p, on
 * Kameo's own protocol id.
 *
 * @param k the bucket size and the number of closest peers a lookup returns (20)
 * @param alpha how many requests a lookup has in flight at once (3)
 * @param requestTimeout how long one request to one peer may take (10 s)
 * @param queryTimeout how long a whole lookup may take (60 s)
 * @param maxRecords how many values this peer stores for others (16 384)
 * @param protocolId the protocol id the DHT serves and speaks ({@value Dht#KAMEO_PROTOCOL_ID}, so a
 *     Kameo network stays apart from the public IPFS DHT; {@value Dht#IPFS_PROTOCOL_ID} joins that
 *     one)
 */
public record DhtConfig(
    int k,
    int alpha,
    Duration requestTimeout,
    Duration queryTimeout,
    int maxRecords,
    String protocolId) {

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if a number is below 1, a duration is not positive or the
   *     protocol id does not start with {@code /}
   */
  public DhtConfig {
    if (k < 1 || alpha < 1 || maxRecords < 1) {
      throw new IllegalArgumentException(
          "k, alpha and maxRecords must be at least 1: " + k + ", " + alpha + ", " + maxRecords);
    }
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(queryTimeout, "queryTimeout");
    Objects.requireNonNull(protocolId, "protocolId");
    if (!protocolId.startsWith("/")) {
      throw new IllegalArgumentException("protocolId must start with '/': \"" + protocolId + "\"");
    }
  }

  /** Creates a configuration on the default protocol id, {@value Dht#KAMEO_PROTOCOL_ID}. */
  public DhtConfig(
      int k, int alpha, Duration requestTimeout, Duration queryTimeout, int maxRecords) {
    this(k, alpha, requestTimeout, queryTimeout, maxRecords, Dht.KAMEO_PROTOCOL_ID);
  }

  /**
   * Returns the defaults: k 20, alpha 3, 10 s per request, 60 s per lookup, 16 384 records, on
   * {@value Dht#KAMEO_PROTOCOL_ID}.
   */
  public static DhtConfig defaults() {
    return new DhtConfig(20, 3, Duration.ofSeconds(10), Duration.ofSeconds(60), 16_384);
  }

  /** Returns a copy with the given per-request and per-lookup timeouts. */
  public DhtConfig withTimeouts(Duration request, Duration query) {
    return new DhtConfig(k, alpha, request, query, maxRecords, protocolId);
  }

  /**
   * Returns a copy that serves and speaks {@code protocolId}, e.g. {@value Dht#IPFS_PROTOCOL_ID} to
   * join other libp2p implementations' default DHT.
   */
  public DhtConfig withProtocolId(String protocolId) {
    return new DhtConfig(k, alpha, requestTimeout, queryTimeout, maxRecords, protocolId);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
