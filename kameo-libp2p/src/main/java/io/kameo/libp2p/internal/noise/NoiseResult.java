package io.kameo.libp2p.internal.noise;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.PublicKey;
import java.util.List;
import java.util.Optional;

/**
 * INTERNAL API. The outcome of a complete libp2p Noise handshake.
 *
 * @param remotePeer the authenticated remote peer
 * @param remoteKey its identity key
 * @param remoteMuxers the {@code stream_muxers} the remote sent (possibly empty)
 * @param earlyMuxer the muxer agreed inside the handshake; empty means: negotiate it with
 *     multistream-select now (see {@link NoiseHandshake})
 * @param handshakeHash the final Noise handshake hash (for channel binding; read-only)
 * @param transport the transport cipher states
 */
public record NoiseResult(
    PeerId remotePeer,
    PublicKey remoteKey,
    List<String> remoteMuxers,
    Optional<String> earlyMuxer,
    byte[] handshakeHash,
    NoiseTransport transport) {}
