package io.kameo.benchmarks.remote.pair;

import io.kameo.Message;

/**
 * A told message: the {@code seq}-th tick one sender sends to one sink (0, 1, 2, ... over the life
 * of the sink), with {@code payload} bytes of random content. Both libraries send this record.
 */
public record Tick(long seq, byte[] payload) implements Message<KameoSink, Void> {}
