package io.kameo.remote;

import io.kameo.libp2p.ConnectionListener;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.PeerId;
import io.kameo.spi.ActorObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports the peers a swarm's host is connected to, while the swarm is open, to the process's
 * {@link ActorObserver}: each peer once when it connects (or when the swarm starts, if it is
 * connected already) and once when it disconnects or the swarm closes, so the observer's count
 * never goes below zero and a closed swarm leaves nothing counted.
 */
final class ObservedPeers implements ConnectionListener {
  private final ActorObserver observer;
  private final Set<PeerId> peers = ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;

  private ObservedPeers(ActorObserver observer) {
    this.observer = observer;
  }

  /** Starts reporting {@code host}'s peers; returns null (nothing to report) without observer. */
  static ObservedPeers start(Host host, ActorObserver observer) {
    if (observer == null) {
      return null;
    }
    ObservedPeers observed = new ObservedPeers(observer);
    host.addConnectionListener(observed); // first: a peer that connects meanwhile is not missed
    host.connectedPeers().forEach(p -> observed.connected(p, null));
    return observed;
  }

  @Override
  public void connected(PeerId peer, Multiaddr remoteAddress) {
    if (open && peers.add(peer)) {
      observer.peerConnected();
      if (!open && peers.remove(peer)) {
        observer.peerDisconnected(); // close() ran meanwhile and did not see it
      }
    }
  }

  @Override
  public void disconnected(PeerId peer) {
    if (peers.remove(peer)) {
      observer.peerDisconnected();
    }
  }

  /** The swarm closed: reports every peer still counted as gone, and no new one from now on. */
  void close() {
    open = false;
    for (PeerId peer : peers) {
      disconnected(peer);
    }
  }
}
