package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a stream's events and copies its data. With {@code autoConsume} it reports data consumed
 * as soon as it arrives; otherwise the test calls {@link #consumeAll}.
 */
class RecordingStreamHandler implements StreamHandler {
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  final List<Boolean> writabilityChanges = new ArrayList<>();
  boolean autoConsume = true;
  long unconsumed;
  boolean remoteClosed;
  boolean closed;
  YamuxStreamException reset;

  @Override
  public void onData(YamuxStream stream, ByteBuf data) {
    int n = data.readableBytes();
    byte[] bytes = new byte[n];
    data.readBytes(bytes);
    data.release();
    received.writeBytes(bytes);
    if (autoConsume) {
      stream.consumed(n);
    } else {
      unconsumed += n;
    }
  }

  void consumeAll(YamuxStream stream) {
    int n = (int) unconsumed;
    unconsumed = 0;
    stream.consumed(n);
  }

  @Override
  public void onRemoteClose(YamuxStream stream) {
    remoteClosed = true;
  }

  @Override
  public void onReset(YamuxStream stream, YamuxStreamException cause) {
    reset = cause;
  }

  @Override
  public void onClosed(YamuxStream stream) {
    closed = true;
  }

  @Override
  public void onWritabilityChanged(YamuxStream stream) {
    writabilityChanges.add(stream.isWritable());
  }

  byte[] bytes() {
    return received.toByteArray();
  }
}
