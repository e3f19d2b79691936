package io.kameo.libp2p.runtime;

import io.kameo.libp2p.Dht;
import io.kameo.libp2p.DhtConfig;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.RecordValidator;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.internal.kad.KadService;
import java.util.Map;

/**
 * Where a libp2p stack starts: the factories of this module's {@link Host} (TCP, Noise, Yamux,
 * identify, ping) and {@link Dht} (Kademlia).
 *
 * <p>They sit in a package of their own, above both {@code io.kameo.libp2p} and the implementation:
 * the API package names only interfaces and values, the implementation uses them, and only this
 * class knows both, so no two packages depend on each other. Thread-safe.
 */
public final class Libp2p {
  private Libp2p() {}

  /** Returns a host with the identity {@code keypair} and the default configuration. */
  public static Host newHost(Keypair keypair) {
    return newHost(keypair, HostConfig.defaults());
  }

  /** Returns a host with the identity {@code keypair} and the given configuration. */
  public static Host newHost(Keypair keypair, HostConfig config) {
    return HostImpl.create(keypair, config);
  }

  /** Starts a DHT on {@code host} with the default configuration; see below. */
  public static Dht startDht(Host host) {
    return startDht(host, DhtConfig.defaults());
  }

  /**
   * Starts a DHT on {@code host}: registers the protocol handler and watches connections. It stores
   * values of every namespace as they come.
   */
  public static Dht startDht(Host host, DhtConfig config) {
    return startDht(host, config, Map.of());
  }

  /**
   * Starts a DHT on {@code host} whose values under {@code /<namespace>/} go through {@code
   * validators.get(namespace)} when there is one (as Kameo's remote actors validate {@code
   * /kameo/}); values of other namespaces are stored as they come.
   */
  public static Dht startDht(Host host, DhtConfig config, Map<String, RecordValidator> validators) {
    return KadService.start(host, config, validators);
  }
}
