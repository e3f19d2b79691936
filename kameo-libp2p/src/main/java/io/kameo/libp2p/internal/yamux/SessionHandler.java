package io.kameo.libp2p.internal.yamux;

/**
 * INTERNAL API. Receives the session-level events of a {@link YamuxSession}. The session calls
 * every method on its event loop. A Netty handler closes the channel in {@link #onTerminated}.
 */
public interface SessionHandler {
  /**
   * The remote opened a stream. Returns the handler for its events; the stream may be written to at
   * once. If this method throws, the stream is reset.
   */
  StreamHandler onInboundStream(YamuxStream stream);

  /**
   * Asked before the session accepts a stream the remote opens (a valid SYN within the stream
   * limit): false resets it at once, before anything is allocated for it and without calling {@link
   * #onInboundStream}. A rate limit hooks in here. Accepts every stream by default.
   */
  default boolean admitInboundStream() {
    return true;
  }

  /**
   * The remote sent GoAway: no new streams can be opened. With code 0 open streams go on; with any
   * other code they have been reset and {@link #onTerminated} follows.
   *
   * @param code the received code, an unsigned 32-bit value (see {@link GoAwayCode})
   */
  default void onGoAway(long code) {}

  /**
   * The session ended: after a protocol error (then {@code cause} is a {@link
   * YamuxProtocolException} and GoAway with code 1 has been sent), after a GoAway with an error
   * code (sent or received), or because {@link YamuxSession#transportClosed()} was called. All
   * streams have been reset. The connection should be closed once the written frames are flushed.
   */
  default void onTerminated(Throwable cause) {}
}
