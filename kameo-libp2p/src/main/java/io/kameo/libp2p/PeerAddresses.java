package io.kameo.libp2p;

import java.util.List;
import java.util.Objects;

/**
 * A peer and the addresses it can be dialed at, as a {@link Dht} learned them.
 *
 * @param peer the peer id
 * @param addresses its addresses, without {@code /p2p}
 */
public record PeerAddresses(PeerId peer, List<Multiaddr> addresses) {
  /** Copies the list. */
  public PeerAddresses {
    Objects.requireNonNull(peer, "peer");
    addresses = List.copyOf(addresses);
  }
}
