package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;

/**
 * INTERNAL API. Receives the events of one {@link YamuxStream}. The session calls every method on
 * its event loop, one at a time, in the order the frames arrived; a method may call back into the
 * stream and the session. A method that throws resets the stream (the exception is logged).
 */
public interface StreamHandler {
  /**
   * Bytes have arrived. They hold receive window until the application reports them consumed with
   * {@link YamuxStream#consumed(int)}; the remote cannot send more than the window, so unconsumed
   * data per stream is bounded by the stream's receive window.
   *
   * <p>Buffer ownership: {@code data} is passed to the handler, which must release it.
   */
  void onData(YamuxStream stream, ByteBuf data);

  /** The remote half-closed the stream (FIN): no more data will arrive. */
  default void onRemoteClose(YamuxStream stream) {}

  /**
   * The stream ended abnormally: reset by either side, or the session ended. Queued writes have
   * failed with the same exception; no more events follow.
   */
  default void onReset(YamuxStream stream, YamuxStreamException cause) {}

  /** Both sides have closed their write side; no more events follow. */
  default void onClosed(YamuxStream stream) {}

  /** {@link YamuxStream#isWritable()} changed. */
  default void onWritabilityChanged(YamuxStream stream) {}

  /**
   * The bytes queued for sending fell to {@link YamuxStream#lowWatermark()} or below after {@link
   * YamuxStream#requestDrainedSignal()}; called once per request.
   */
  default void onDrained(YamuxStream stream) {}
}
