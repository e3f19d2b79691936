package io.kameo.libp2p.internal.kad;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. A provider of a key held by a {@link ProviderStore}: the peer, the addresses it
 * announced, and when it was (last) added. The constructor copies the list and throws {@link
 * NullPointerException} for nulls.
 *
 * @param peer the providing peer
 * @param addrs the addresses it announced with the provider record
 * @param added when the store last added it; it expires a validity period later
 */
public record Provider(PeerId peer, List<Multiaddr> addrs, Instant added) {

  /** Copies the list and checks for nulls. */
  public Provider {
    Objects.requireNonNull(peer, "peer");
    addrs = List.copyOf(addrs);
    Objects.requireNonNull(added, "added");
  }

  /** Returns the entry for a {@code GET_PROVIDERS} reply's {@code providerPeers}. */
  public KadPeer toKadPeer() {
    return KadPeer.of(peer, addrs);
  }
}
