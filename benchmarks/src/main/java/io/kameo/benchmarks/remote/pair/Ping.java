package io.kameo.benchmarks.remote.pair;

import io.kameo.Message;

/**
 * An asked message; the reply is {@code seq + payload.length}, which the asker checks. Both
 * libraries send this record.
 */
public record Ping(long seq, byte[] payload) implements Message<KameoSink, Long> {
  /** The reply a sink owes {@code ping}. */
  static long expectedReply(Ping ping) {
    return ping.seq() + ping.payload().length;
  }
}
