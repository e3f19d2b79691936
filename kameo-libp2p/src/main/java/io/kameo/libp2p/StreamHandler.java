package io.kameo.libp2p;

/**
 * Serves inbound streams of one protocol id, registered with {@link Host#setStreamHandler}. Each
 * stream is handled on its own virtual thread, so the handler may block.
 *
 * <p>When {@link #handle} returns, the host closes the stream's write side if the handler has not,
 * and from then on drops what the remote still sends (unread data must not hold memory); when it
 * throws, the host resets the stream and logs the exception.
 */
@FunctionalInterface
public interface StreamHandler {
  /** Serves one inbound stream whose protocol id was agreed. */
  void handle(Stream stream) throws Exception;
}
