package io.kameo.libp2p.internal.yamux;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * INTERNAL API. The limits and tuning of a {@link YamuxSession}; {@link #defaults()} matches
 * js-libp2p's yamux.
 *
 * @param initialStreamWindow the receive window each stream starts with; at least 256 KiB (the
 *     spec's initial window). A larger value is announced with the SYN or ACK frame
 * @param maxStreamWindow the receive window a stream may grow to when the application consumes data
 *     within four round trips (auto-tuning, 16 MiB by default); equal to {@code
 *     initialStreamWindow} to turn auto-tuning off
 * @param maxMessageSize the largest data frame this side sends, header included (64 KiB)
 * @param maxInboundStreams how many streams the remote may have open at once; more are reset (1000)
 * @param maxAckBacklog how many streams this side may have opened without the remote acknowledging
 *     them (256, as the spec recommends)
 * @param writeBufferSize how many bytes written to a stream may wait for send window before the
 *     stream is no longer writable and further writes fail (1 MiB)
 * @param nanoClock the clock for round-trip times, in nanoseconds ({@link System#nanoTime})
 */
public record YamuxConfig(
    int initialStreamWindow,
    int maxStreamWindow,
    int maxMessageSize,
    int maxInboundStreams,
    int maxAckBacklog,
    int writeBufferSize,
    LongSupplier nanoClock) {

  /** The initial stream window fixed by the spec: 256 KiB. */
  public static final int SPEC_INITIAL_WINDOW = 256 * 1024;

  private static final YamuxConfig DEFAULTS =
      new YamuxConfig(
          SPEC_INITIAL_WINDOW,
          16 * 1024 * 1024,
          64 * 1024,
          1000,
          256,
          1024 * 1024,
          System::nanoTime);

  /**
   * Validates the values.
   *
   * @throws IllegalArgumentException if {@code initialStreamWindow} is below 256 KiB, {@code
   *     maxStreamWindow} below {@code initialStreamWindow}, {@code maxMessageSize} below 1 KiB, or
   *     a limit is negative ({@code maxAckBacklog} and {@code writeBufferSize} must be positive)
   * @throws NullPointerException if {@code nanoClock} is null
   */
  public YamuxConfig {
    if (initialStreamWindow < SPEC_INITIAL_WINDOW) {
      throw new IllegalArgumentException(
          "initialStreamWindow " + initialStreamWindow + " is below " + SPEC_INITIAL_WINDOW);
    }
    if (maxStreamWindow < initialStreamWindow) {
      throw new IllegalArgumentException(
          "maxStreamWindow "
              + maxStreamWindow
              + " is below initialStreamWindow "
              + initialStreamWindow);
    }
    if (maxMessageSize < 1024) {
      throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is below 1024");
    }
    if (maxInboundStreams < 0) {
      throw new IllegalArgumentException("maxInboundStreams is negative: " + maxInboundStreams);
    }
    if (maxAckBacklog <= 0) {
      throw new IllegalArgumentException("maxAckBacklog is not positive: " + maxAckBacklog);
    }
    if (writeBufferSize <= 0) {
      throw new IllegalArgumentException("writeBufferSize is not positive: " + writeBufferSize);
    }
    Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /** Returns the defaults: 256 KiB growing to 16 MiB, 64 KiB frames, 1000 inbound streams. */
  public static YamuxConfig defaults() {
    return DEFAULTS;
  }

  /** Returns a copy with the given initial and maximum stream windows. */
  public YamuxConfig withStreamWindow(int initial, int max) {
    return new YamuxConfig(
        initial, max, maxMessageSize, maxInboundStreams, maxAckBacklog, writeBufferSize, nanoClock);
  }

  /** Returns a copy with the given largest data frame size, header included. */
  public YamuxConfig withMaxMessageSize(int size) {
    return new YamuxConfig(
        initialStreamWindow,
        maxStreamWindow,
        size,
        maxInboundStreams,
        maxAckBacklog,
        writeBufferSize,
        nanoClock);
  }

  /** Returns a copy with the given limit of concurrently open inbound streams. */
  public YamuxConfig withMaxInboundStreams(int limit) {
    return new YamuxConfig(
        initialStreamWindow,
        maxStreamWindow,
        maxMessageSize,
        limit,
        maxAckBacklog,
        writeBufferSize,
        nanoClock);
  }

  /** Returns a copy with the given limit of unacknowledged outbound streams. */
  public YamuxConfig withMaxAckBacklog(int limit) {
    return new YamuxConfig(
        initialStreamWindow,
        maxStreamWindow,
        maxMessageSize,
        maxInboundStreams,
        limit,
        writeBufferSize,
        nanoClock);
  }

  /** Returns a copy with the given per-stream write buffer size. */
  public YamuxConfig withWriteBufferSize(int size) {
    return new YamuxConfig(
        initialStreamWindow,
        maxStreamWindow,
        maxMessageSize,
        maxInboundStreams,
        maxAckBacklog,
        size,
        nanoClock);
  }

  /** Returns a copy with the given nanosecond clock (tests use a manual one). */
  public YamuxConfig withNanoClock(LongSupplier clock) {
    return new YamuxConfig(
        initialStreamWindow,
        maxStreamWindow,
        maxMessageSize,
        maxInboundStreams,
        maxAckBacklog,
        writeBufferSize,
        clock);
  }

  /** The largest data payload this side puts in one frame. */
  int maxDataPayload() {
    return maxMessageSize - FrameHeader.LENGTH;
  }
}
