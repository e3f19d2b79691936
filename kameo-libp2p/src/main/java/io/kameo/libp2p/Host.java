package io.kameo.libp2p;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A libp2p host (Kameo's swarm): listens on and dials TCP multiaddrs, secures every connection with
 * Noise, multiplexes it with Yamux, and opens and serves streams by protocol id. It answers
 * identify ({@code /ipfs/id/1.0.0}) and ping ({@code /ipfs/ping/1.0.0}) by itself.
 *
 * <p>A host keeps at most one connection per peer in use: {@link #dial} and {@link #newStream}
 * reuse an existing connection, and concurrent dials to the same peer share one attempt. Addresses
 * learned from dials and identify go into a peer store that {@link #newStream} dials from.
 *
 * <p>Every blocking method has a timeout, given or from {@link HostConfig}. Errors are {@link
 * RemoteException}s: {@link DialException}, {@link ProtocolNotSupportedException}, {@link
 * StreamResetException}, {@link RemoteTimeoutException} and, after {@link #close()}, {@link
 * HostClosedException}. Null arguments cause {@link NullPointerException}. Thread-safe.
 *
 * <p>Against hostile and failing peers (the limits are {@link HostConfig}'s): inbound connections
 * in their handshake get only part of the connection limit, per remote address and in total;
 * inbound streams are rate-limited per peer; every stream's and connection's timers and buffers are
 * released when it ends. A heartbeat failure detector closes a connection whose peer sends nothing
 * for {@link HostConfig#acceptableHeartbeatPause()}. Whenever a connection ends, its streams fail
 * with a {@link StreamResetException} whose cause, a {@link ConnectionClosedException}, says why,
 * and then {@link ConnectionListener}s hear of it. A fatal error on the host's I/O threads (an
 * {@link OutOfMemoryError}, an I/O thread that died) is logged at ERROR and closes the host, with
 * {@link ConnectionClosedException.Reason#HOST_FAILED}.
 *
 * <p>Implemented by this module only ({@link io.kameo.libp2p.runtime.Libp2p#newHost} creates one);
 * applications use it and do not implement it.
 */
public interface Host extends AutoCloseable {
  /** The protocol id of the echo protocol {@link #ECHO_HANDLER} serves. */
  String ECHO_PROTOCOL = "/echo/1.0.0";

  /** A handler that echoes every byte back and closes its write side after the remote's. */
  StreamHandler ECHO_HANDLER =
      stream -> {
        byte[] buf = new byte[65536];
        while (true) {
          int n = stream.read(buf, 0, buf.length, Duration.ofMinutes(1));
          if (n < 0) {
            stream.closeWrite();
            return;
          }
          stream.write(Arrays.copyOf(buf, n), Duration.ofMinutes(1));
        }
      };

  /** Returns this host's peer id. */
  PeerId peerId();

  /** Returns this host's configuration. */
  HostConfig config();

  /**
   * Listens on a TCP multiaddr ({@code /ip4/…/tcp/…} or {@code /ip6/…/tcp/…}; port 0 picks a free
   * one) and returns the bound address, without {@code /p2p}.
   *
   * @throws IllegalArgumentException if it is not such an address
   * @throws DialException if the address cannot be bound
   */
  Multiaddr listen(Multiaddr address);

  /**
   * Returns the addresses this host listens on, without {@code /p2p}; a wildcard address is
   * expanded to the addresses of the machine's interfaces.
   */
  List<Multiaddr> listenAddresses();

  /**
   * Connects to the peer at {@code address}, or returns at once if already connected to the peer it
   * names, waiting at most {@link HostConfig#dialTimeout()}. If {@code address} ends in {@code
   * /p2p/<id>}, the remote must prove that identity.
   *
   * @return the remote peer
   */
  PeerId dial(Multiaddr address);

  /** Like {@link #dial(Multiaddr)}, without blocking; the future fails with a RemoteException. */
  CompletableFuture<PeerId> dialAsync(Multiaddr address);

  /**
   * Opens a stream to {@code peer} for {@code protocol}, dialing a known address first if not
   * connected, and waits at most {@link HostConfig#streamTimeout()} for the remote to accept.
   *
   * @throws ProtocolNotSupportedException if the remote does not serve {@code protocol}
   * @throws DialException if not connected and no known address works
   */
  Stream newStream(PeerId peer, String protocol);

  /**
   * Opens a stream as {@link #newStream(PeerId, String)} does, waiting at most {@code timeout} for
   * the dial and the negotiation together; a stream that opens after the timeout is reset.
   *
   * @throws RemoteTimeoutException if the stream is not open within {@code timeout}
   */
  Stream newStream(PeerId peer, String protocol, Duration timeout);

  /** Like {@link #newStream(PeerId, String)}, without blocking. */
  CompletableFuture<Stream> newStreamAsync(PeerId peer, String protocol);

  /** Registers (or replaces) the handler of inbound streams for {@code protocol}. */
  void setStreamHandler(String protocol, StreamHandler handler);

  /** Removes the handler of {@code protocol}; later proposals of it are answered {@code na}. */
  void removeStreamHandler(String protocol);

  /** Returns the protocol ids this host serves, identify and ping included. */
  Set<String> protocols();

  /** Adds a listener of connection events. */
  void addConnectionListener(ConnectionListener listener);

  /** Returns the peers this host has at least one established connection to. */
  Set<PeerId> connectedPeers();

  /** Returns whether this host has an established connection to {@code peer}. */
  boolean isConnected(PeerId peer);

  /** Adds {@code address} (without {@code /p2p}) to the known addresses of {@code peer}. */
  void addAddress(PeerId peer, Multiaddr address);

  /** Returns the known addresses of {@code peer}, most recently learned last. */
  List<Multiaddr> addresses(PeerId peer);

  /** Closes every connection to {@code peer}. */
  void disconnect(PeerId peer);

  /**
   * Measures the round-trip time to {@code peer} with one ping ({@code /ipfs/ping/1.0.0}),
   * connecting first if needed.
   */
  Duration ping(PeerId peer);

  /**
   * Asks {@code peer} for its identify record ({@code /ipfs/id/1.0.0}), connecting first if needed,
   * and adds its listen addresses to the peer store.
   */
  IdentifyInfo identify(PeerId peer);

  /**
   * Closes the host gracefully: stops listening, sends GoAway on every connection, closes them and
   * stops the I/O threads, waiting at most a few seconds. Idempotent.
   */
  @Override
  void close();
}
