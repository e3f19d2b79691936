package io.kameo.libp2p.host;

import io.kameo.libp2p.ConnectionClosedException;
import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.HostConfig;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.internal.host.HostImpl;
import io.kameo.libp2p.runtime.Libp2p;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A host in a child JVM for the distributed host tests, driven by stdin lines. Prints {@code
 * listening <address>} first, then answers {@code heap} (used heap after a full GC, bytes), {@code
 * stats}, {@code dial <address>} (dials and pings) and {@code quit}; prints {@code disconnected
 * <peer> <reason>} for every lost peer.
 *
 * <p>Arguments: {@code handshake=<ms>} sets the handshake timeout.
 */
public final class HostNode {
  private HostNode() {}

  public static void main(String[] args) throws Exception {
    HostConfig config = HostConfig.defaults();
    for (String arg : args) {
      if (arg.startsWith("handshake=")) {
        config = config.withHandshakeTimeout(Duration.ofMillis(Long.parseLong(arg.substring(10))));
      }
    }
    HostImpl host = (HostImpl) Libp2p.newHost(Keypair.generate(), config);
    host.addConnectionListener(
        new ConnectionListener() {
          @Override
          public void disconnected(PeerId peer, ConnectionClosedException cause) {
            System.out.println("disconnected " + peer + " " + cause.reason());
          }
        });
    Multiaddr addr = host.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(host.peerId());
    System.out.println("listening " + addr);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Runtime runtime = Runtime.getRuntime();
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] words = line.split(" ");
      switch (words[0]) {
        case "heap" -> {
          System.gc();
          System.gc();
          System.out.println("heap " + (runtime.totalMemory() - runtime.freeMemory()));
        }
        case "stats" ->
            System.out.println(
                "stats conns="
                    + host.connectionCount()
                    + " unauth="
                    + host.unauthenticatedCount()
                    + " refusedConns="
                    + host.refusedConnections()
                    + " refusedStreams="
                    + host.refusedStreams()
                    + " timers="
                    + host.negotiationTimers());
        case "dial" -> {
          try {
            PeerId peer = host.dial(Multiaddr.parse(words[1]));
            System.out.println("dialed " + host.ping(peer).toNanos());
          } catch (RuntimeException e) {
            System.out.println("dial-failed " + e);
          }
        }
        case "quit" -> {
          host.close();
          return;
        }
        default -> System.out.println("unknown " + line);
      }
    }
  }

  /** Parses a {@code stats} line's {@code key=value} field. */
  static long stat(String stats, String key) {
    for (String field : stats.split(" ")) {
      if (field.startsWith(key + "=")) {
        return Long.parseLong(field.substring(key.length() + 1));
      }
    }
    throw new IllegalArgumentException("no " + key + " in " + stats);
  }
}
