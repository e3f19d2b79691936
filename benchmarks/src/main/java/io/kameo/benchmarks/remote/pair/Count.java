package io.kameo.benchmarks.remote.pair;

import io.kameo.Message;

/**
 * Asks a sink how many ticks it has handled; the reply is the count if every tick came in order
 * with no gap, {@code -1} otherwise. {@code sent} is how many the sender has sent (for the message
 * to have the size of a real query; the sink answers its own count and the sender compares).
 */
public record Count(long sent) implements Message<KameoSink, Long> {}
