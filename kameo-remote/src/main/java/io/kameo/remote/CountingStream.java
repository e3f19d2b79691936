package io.kameo.remote;

import io.kameo.libp2p.PeerId;
import io.kameo.libp2p.Stream;
import io.kameo.spi.ActorObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * An actor-protocol stream that reports the bytes written and read to the process's {@link
 * ActorObserver}; everything else goes to the stream it wraps. A swarm wraps its streams only when
 * an observer is installed, so without one nothing is counted and nothing is wrapped.
 */
final class CountingStream implements Stream {
  private final Stream stream;
  private final ActorObserver observer;

  private CountingStream(Stream stream, ActorObserver observer) {
    this.stream = stream;
    this.observer = observer;
  }

  /** Returns {@code stream}, wrapped if an observer is installed. */
  static Stream observed(Stream stream, ActorObserver observer) {
    return observer == null ? stream : new CountingStream(stream, observer);
  }

  private int received(int n) {
    if (n > 0) {
      observer.remoteBytesReceived(n);
    }
    return n;
  }

  private byte[] received(byte[] data) {
    observer.remoteBytesReceived(data.length);
    return data;
  }

  @Override
  public PeerId peer() {
    return stream.peer();
  }

  @Override
  public String protocol() {
    return stream.protocol();
  }

  @Override
  public int read(byte[] buffer, int offset, int length, Duration timeout) {
    return received(stream.read(buffer, offset, length, timeout));
  }

  @Override
  public int read(byte[] buffer, int offset, int length) {
    return received(stream.read(buffer, offset, length));
  }

  @Override
  public void readFully(byte[] buffer, Duration timeout) {
    stream.readFully(buffer, timeout);
    received(buffer);
  }

  @Override
  public byte[] readAll(int maxBytes, Duration timeout) {
    return received(stream.readAll(maxBytes, timeout));
  }

  @Override
  public CompletableFuture<byte[]> readAsync() {
    return stream.readAsync().thenApply(this::received);
  }

  @Override
  public void write(byte[] data, Duration timeout) {
    stream.write(data, timeout);
    observer.remoteBytesSent(data.length);
  }

  @Override
  public void write(byte[] data) {
    stream.write(data);
    observer.remoteBytesSent(data.length);
  }

  @Override
  public CompletableFuture<Void> writeAsync(byte[] data) {
    return stream.writeAsync(data).thenRun(() -> observer.remoteBytesSent(data.length));
  }

  @Override
  public void closeWrite() {
    stream.closeWrite();
  }

  @Override
  public void reset() {
    stream.reset();
  }

  @Override
  public boolean isEndOfStream() {
    return stream.isEndOfStream();
  }

  @Override
  public void close() {
    stream.close();
  }
}
