package io.kameo.libp2p;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kademlia distributed hash table (the libp2p kad-dht spec) on a {@link Host}: it serves the DHT
 * to other peers and finds peers, values and providers across the network. It speaks the private
 * protocol id {@value #KAMEO_PROTOCOL_ID} unless {@link DhtConfig#protocolId()} says otherwise, so
 * a Kameo network never mixes with the public IPFS DHT; configured with {@value #IPFS_PROTOCOL_ID}
 * it interoperates with other libp2p implementations of the spec (tested against js-libp2p).
 *
 * <p>Start it with {@link io.kameo.libp2p.runtime.Libp2p#startDht(Host)}, then {@link #bootstrap}
 * it with the addresses of a few known peers; peers that connect and speak the protocol join its
 * routing table by themselves. Keys are bytes: values live under keys of the form {@code
 * /<namespace>/<name>} (other libp2p peers only store values in namespaces they validate; Kameo
 * peers store every namespace, and only signed actor registrations under {@code /kameo/}), and
 * providers under multihash keys.
 *
 * <p>Every query is bounded by {@link DhtConfig#queryTimeout()} and every request to one peer by
 * {@link DhtConfig#requestTimeout()}; a peer that fails to answer is skipped, so a query always
 * completes with what the reachable peers answered. Thread-safe.
 *
 * <p>Implemented by this module only ({@link io.kameo.libp2p.runtime.Libp2p} starts one);
 * applications use it and do not implement it.
 */
public interface Dht extends AutoCloseable {
  /**
   * The protocol id served and spoken by default: Kameo's registry DHT, as Kameo (Rust) names it.
   */
  String KAMEO_PROTOCOL_ID = "/kameo/registry/1.0.0";

  /** The protocol id of the public IPFS DHT, and the default of other libp2p implementations. */
  String IPFS_PROTOCOL_ID = "/ipfs/kad/1.0.0";

  /**
   * Dials {@code peers} (each with its {@code /p2p/} id), adds those that speak the DHT to the
   * routing table and then looks up this host's own id to fill the table with its neighbours.
   * Returns the size of the routing table afterwards.
   *
   * @throws IllegalArgumentException if an address has no {@code /p2p/} id
   */
  int bootstrap(Collection<Multiaddr> peers);

  /**
   * Stores {@code value} under {@code key} here and on the {@link DhtConfig#k()} peers closest to
   * the key. Returns how many remote peers acknowledged the store. A Kameo peer that cannot store
   * the value (its store is full) refuses by resetting the request; js-libp2p 2.x acknowledges even
   * values it declines, so with such peers the count is an upper bound.
   *
   * @throws IllegalArgumentException if the key is under {@code /kameo/} and the value is not a
   *     signed actor registration this node accepts (nothing is sent then)
   */
  int putValue(byte[] key, byte[] value);

  /** Finds the value stored under {@code key}: here first, then on the peers closest to it. */
  Optional<byte[]> getValue(byte[] key);

  /**
   * Returns every value found under {@code key}: this peer's, then each one the {@link
   * DhtConfig#k()} peers closest to the key answered (a lookup that does not stop at the first),
   * for callers that merge values, such as Kameo's actor registry.
   */
  List<byte[]> getValues(byte[] key);

  /**
   * Returns the namespaces whose values this DHT validates (see {@link
   * io.kameo.libp2p.runtime.Libp2p#startDht(Host, DhtConfig, Map)}).
   */
  Set<String> validatedNamespaces();

  /**
   * Announces this host as a provider of {@code key} (a multihash, such as a CID's) to the peers
   * closest to it, and records it here. Returns how many peers it was sent to.
   */
  int provide(byte[] key);

  /** Finds up to {@code limit} providers of {@code key} with their addresses. */
  List<PeerAddresses> findProviders(byte[] key, int limit);

  /** Finds the addresses of {@code peer}: from its closest peers, or this host's peer store. */
  Optional<PeerAddresses> findPeer(PeerId peer);

  /** Returns the {@link DhtConfig#k()} peers closest to {@code key} that answered a lookup. */
  List<PeerId> closestPeers(byte[] key);

  /** Returns the protocol id this DHT serves and speaks ({@link DhtConfig#protocolId()}). */
  String protocolId();

  /** Returns the peers in the routing table now. */
  Set<PeerId> routingTable();

  /** Stops serving the protocol; the host stays open. */
  @Override
  void close();
}
