package io.kameo.libp2p.internal.host;

import io.kameo.libp2p.DialException;
import io.kameo.libp2p.Host;
import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.RemoteTimeoutException;
import io.kameo.libp2p.internal.yamux.YamuxStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API. Plays a hostile peer for the churn tests and benchmark: opens streams to a peer and
 * resets each at once, as fast as the connection takes them. Each stream sends what a real open
 * does (a SYN, the multistream-select proposal of {@code protocol}) and then its RST.
 *
 * <p>Streams go out in batches run on the connection's event loop; after every few batches a yamux
 * ping round trip paces the sender to what the remote reads, so the sender's own buffers stay
 * small.
 */
public final class StreamChurn {
  private static final int BATCH = 200;
  private static final int BATCHES_PER_PING = 10;

  private StreamChurn() {}

  /**
   * Opens and resets up to {@code count} streams to {@code peer} (connected already) proposing
   * {@code protocol}, stopping early after {@code maxTime}; blocks until done.
   *
   * @return how many streams were opened and reset
   * @throws DialException if not connected to {@code peer}, or the connection closes
   * @throws RemoteTimeoutException if the remote stops answering pings for 30 s
   */
  public static long openAndReset(
      Host host, PeerId peer, String protocol, long count, Duration maxTime) {
    Connection c = ((HostImpl) host).connection(peer);
    if (c == null) {
      throw new DialException("not connected to " + peer);
    }
    long deadline = System.nanoTime() + maxTime.toNanos();
    long sent = 0;
    int batches = 0;
    while (sent < count && System.nanoTime() - deadline < 0) {
      int n = (int) Math.min(BATCH, count - sent);
      boolean ping = ++batches % BATCHES_PER_PING == 0;
      CompletableFuture<Object> done = new CompletableFuture<>();
      c.execute(
          () -> {
            try {
              for (int i = 0; i < n; i++) {
                HostStream stream = HostStream.outbound(c, protocol);
                YamuxStream yamux = c.session().openStream(stream);
                stream.start(yamux);
                yamux.reset();
              }
              if (ping) {
                c.session().ping().whenComplete((rtt, e) -> complete(done, rtt, e));
              } else {
                done.complete(n);
              }
            } catch (RuntimeException e) {
              done.completeExceptionally(e);
            }
          });
      await(done, peer);
      sent += n;
    }
    return sent;
  }

  private static void complete(CompletableFuture<Object> done, Object value, Throwable e) {
    if (e != null) {
      done.completeExceptionally(e);
    } else {
      done.complete(value);
    }
  }

  private static void await(CompletableFuture<Object> done, PeerId peer) {
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new RemoteTimeoutException("peer " + peer + " did not answer a ping within 30 s");
    } catch (ExecutionException e) {
      throw new DialException("churn to " + peer + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteTimeoutException("interrupted while churning streams to " + peer);
    }
  }
}
