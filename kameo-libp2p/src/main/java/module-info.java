/**
 * Kameo libp2p: a spec-exact libp2p host (TCP, Noise, Yamux, identify, ping, Kademlia), with no
 * actors in it.
 *
 * <p>{@link io.kameo.libp2p} is the API: peer identities ({@link io.kameo.libp2p.PeerId}, {@link
 * io.kameo.libp2p.Keypair}, {@link io.kameo.libp2p.PublicKey}), addresses ({@link
 * io.kameo.libp2p.Multiaddr}), the {@link io.kameo.libp2p.Host} with its {@link
 * io.kameo.libp2p.Stream}s and the {@link io.kameo.libp2p.Dht}, as interfaces and values. {@link
 * io.kameo.libp2p.runtime.Libp2p} creates hosts and DHTs. The wire protocols live in {@code
 * io.kameo.libp2p.internal.*}, which this module does not export. The packages form no cycle: the
 * API package depends only on the leaf helpers {@code internal.wire} and {@code internal.crypto},
 * the implementation on the API, and {@code runtime} on both.
 *
 * <p>Two qualified exports, to {@code io.kameo.remote}: {@code io.kameo.libp2p.internal.wire}
 * (unsigned varints, the protobuf encoder helper) and {@code io.kameo.libp2p.internal.frames}
 * (varint-length-prefixed frames on a stream). The actor protocol and the actor registry in
 * kameo-remote write the same low-level formats as the libp2p protocols; sharing these few helpers
 * keeps one implementation of each format, and they are not an API a libp2p user needs. ({@code
 * io.kameo.remote} is built after this module, hence the suppressed warning that it is not found.)
 */
@SuppressWarnings("module")
module io.kameo.libp2p {
  requires transitive org.slf4j;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.codec;
  requires io.netty.codec.dns;
  requires io.netty.transport.classes.epoll;
  requires com.google.protobuf;

  exports io.kameo.libp2p;
  exports io.kameo.libp2p.runtime;
  exports io.kameo.libp2p.internal.wire to
      io.kameo.remote;
  exports io.kameo.libp2p.internal.frames to
      io.kameo.remote;
}
