package io.kameo.libp2p.internal.host;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API. The slots of inbound connections that have not authenticated yet (still in
 * multistream-select, Noise or muxer negotiation): at most {@code maxTotal} at once and at most
 * {@code maxPerAddress} from one remote IP address.
 *
 * <p>A connection from an address that already holds {@code maxPerAddress} slots is refused. When
 * all {@code maxTotal} slots are taken, a new connection takes the slot of the oldest one, which
 * the caller closes: a flood of idle connections cannot keep a peer that completes its handshake
 * quickly from getting in, and the flood never holds more than {@code maxTotal} slots of the host's
 * connection limit. A slot is given back with {@link #release} when its connection authenticates or
 * closes.
 *
 * <p>Thread-safe (connections live on several event loops): a short lock, never held while
 * blocking.
 *
 * @param <C> the connection type
 */
final class HandshakeSlots<C> {
  /**
   * The outcome of {@link #admit}.
   *
   * @param admitted whether the connection got a slot
   * @param evicted the oldest connection whose slot it took, to be closed by the caller, or null
   * @param refusal why it was refused, or null
   */
  record Admission<C>(boolean admitted, C evicted, String refusal) {}

  private final int maxTotal;
  private final int maxPerAddress;
  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<C, InetAddress> pending = new LinkedHashMap<>(); // oldest first
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();

  HandshakeSlots(int maxTotal, int maxPerAddress) {
    this.maxTotal = maxTotal;
    this.maxPerAddress = maxPerAddress;
  }

  /** Gives {@code connection} from {@code address} a slot, possibly taking the oldest one's. */
  Admission<C> admit(C connection, InetAddress address) {
    lock.lock();
    try {
      int fromAddress = perAddress.getOrDefault(address, 0);
      if (fromAddress >= maxPerAddress) {
        return new Admission<>(
            false,
            null,
            fromAddress + " unauthenticated connections from " + address.getHostAddress());
      }
      C evicted = null;
      if (pending.size() >= maxTotal) {
        Iterator<Map.Entry<C, InetAddress>> oldest = pending.entrySet().iterator();
        Map.Entry<C, InetAddress> e = oldest.next();
        oldest.remove();
        decrement(e.getValue());
        evicted = e.getKey();
      }
      pending.put(connection, address);
      perAddress.merge(address, 1, Integer::sum);
      return new Admission<>(true, evicted, null);
    } finally {
      lock.unlock();
    }
  }

  /** Gives back the slot of {@code connection}, if it holds one. */
  void release(C connection) {
    lock.lock();
    try {
      InetAddress address = pending.remove(connection);
      if (address != null) {
        decrement(address);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns how many slots are taken. */
  int size() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  private void decrement(InetAddress address) {
    perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
  }
}
