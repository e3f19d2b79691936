package io.kameo.libp2p;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a peer told about itself over identify ({@code /ipfs/id/1.0.0}).
 *
 * @param peerId the peer, which the public key was checked against
 * @param publicKey its identity key
 * @param protocolVersion e.g. {@code ipfs/0.1.0}
 * @param agentVersion e.g. {@code kameo-java/0.1.0} or {@code js-libp2p/2.10.0 node/20.20.2}
 * @param listenAddrs the addresses it listens on
 * @param protocols the protocol ids it handles
 * @param observedAddr this host's address as the peer saw it, if sent
 */
public record IdentifyInfo(
    PeerId peerId,
    PublicKey publicKey,
    String protocolVersion,
    String agentVersion,
    List<Multiaddr> listenAddrs,
    List<String> protocols,
    Optional<Multiaddr> observedAddr) {

  /** Copies the lists and checks for nulls. */
  public IdentifyInfo {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(agentVersion, "agentVersion");
    listenAddrs = List.copyOf(listenAddrs);
    protocols = List.copyOf(protocols);
    Objects.requireNonNull(observedAddr, "observedAddr");
  }
}
