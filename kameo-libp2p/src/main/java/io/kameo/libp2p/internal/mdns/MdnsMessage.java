package io.kameo.libp2p.internal.mdns;

import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import java.time.Duration;
import java.util.List;

/** INTERNAL API. What one mDNS packet says about libp2p peers, as {@link MdnsCodec} reads it. */
public sealed interface MdnsMessage {
  /**
   * A query; {@code findsPeers} when it asks for {@code _p2p._udp.local PTR} (so this peer must
   * answer it).
   */
  record Query(boolean findsPeers) implements MdnsMessage {}

  /** A response; {@code peers} holds each well-formed peer it announces (maybe none). */
  record Response(List<Announcement> peers) implements MdnsMessage {
    /** Copies the list. */
    public Response {
      peers = List.copyOf(peers);
    }
  }

  /**
   * One peer of a response: the answer {@code _p2p._udp.local PTR <peerName>._p2p._udp.local} with
   * the {@code dnsaddr=} attributes of that name's TXT records.
   *
   * @param peerName the peer-name label, in lower case (names are case-insensitive)
   * @param peer the one peer id every address names in its {@code /p2p/} part
   * @param addresses the addresses, each ending in {@code /p2p/<peer>}; at least one
   * @param ttl how long the announcement holds; zero says goodbye
   */
  record Announcement(String peerName, PeerId peer, List<Multiaddr> addresses, Duration ttl) {
    /** Copies the list. */
    public Announcement {
      addresses = List.copyOf(addresses);
    }
  }
}
