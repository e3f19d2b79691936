/**
 * Kameo remote: a libp2p host (TCP, Noise, Yamux, identify, ping, Kademlia) for remote actors.
 *
 * <p>{@link io.kameo.remote} is the API: peer identities ({@link io.kameo.remote.PeerId}, {@link
 * io.kameo.remote.Keypair}, {@link io.kameo.remote.PublicKey}) and addresses ({@link
 * io.kameo.remote.Multiaddr}). The wire protocols live in {@code io.kameo.remote.internal.*}, which
 * this module does not export.
 */
module io.kameo.remote {
  requires transitive org.slf4j;
  requires transitive io.kameo.core;
  requires com.fasterxml.jackson.databind;
  requires io.netty.buffer;
  requires io.netty.common;
  requires io.netty.transport;
  requires io.netty.handler;
  requires io.netty.transport.classes.epoll;
  requires com.google.protobuf;

  exports io.kameo.remote;
}
