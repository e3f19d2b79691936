package io.kameo.remote.internal.actor;

import io.kameo.libp2p.Host;
import io.kameo.libp2p.Keypair;
import io.kameo.libp2p.Multiaddr;
import io.kameo.libp2p.Stream;
import io.kameo.libp2p.runtime.Libp2p;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * Two hosts on 127.0.0.1 and one stream between them: {@link #out} on the dialling side, {@link
 * #in} on the listening side, held open until {@link #close}.
 */
final class StreamPair implements AutoCloseable {
  static final Duration T = Duration.ofSeconds(20);
  private static final String PROTOCOL = "/kameo/test/frames/1";

  final Host a = Libp2p.newHost(Keypair.generate());
  final Host b = Libp2p.newHost(Keypair.generate());
  final Stream out;
  final Stream in;
  private final CountDownLatch done = new CountDownLatch(1);

  StreamPair() throws InterruptedException {
    SynchronousQueue<Stream> accepted = new SynchronousQueue<>();
    b.setStreamHandler(
        PROTOCOL,
        s -> {
          accepted.put(s);
          done.await(); // the stream lives while the handler runs
        });
    a.dial(b.listen(Multiaddr.parse("/ip4/127.0.0.1/tcp/0")).withPeerId(b.peerId()));
    out = a.newStream(b.peerId(), PROTOCOL);
    Stream s = accepted.poll(T.toSeconds(), TimeUnit.SECONDS);
    if (s == null) {
      throw new IllegalStateException("no inbound stream within " + T);
    }
    in = s;
  }

  @Override
  public void close() {
    done.countDown();
    a.close();
    b.close();
  }
}
