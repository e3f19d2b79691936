/**
 * Streams attached to actors: a {@code java.util.stream.Stream}, an {@code Iterator} or a {@code
 * Flow.Publisher} delivered as {@link io.kameo.stream.StreamMessage}s, with backpressure from the
 * actor's mailbox.
 */
package io.kameo.stream;
