package io.kameo.libp2p.internal.yamux;

import io.netty.buffer.ByteBuf;

/**
 * INTERNAL API. Where a {@link YamuxSession} sends its encoded frames: in a Netty handler, {@code
 * write} is {@code ctx.write(frame)} and {@code flush} is {@code ctx.flush()}.
 *
 * <p>The session calls both methods on its event loop only.
 */
public interface FrameSink {
  /**
   * Queues one complete encoded frame (header and payload) for sending, after all frames queued
   * before it.
   *
   * <p>Buffer ownership: {@code frame} is passed to the sink, which must release it (writing it to
   * a Netty channel does).
   */
  void write(ByteBuf frame);

  /** Sends the queued frames; the session calls it at the end of each operation that wrote any. */
  void flush();
}
