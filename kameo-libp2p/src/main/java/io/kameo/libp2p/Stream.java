package io.kameo.libp2p;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A bidirectional byte stream to a peer for one protocol: a Yamux stream over a Noise-secured
 * connection whose protocol id was agreed with multistream-select. Obtained from {@link
 * Host#newStream} or handed to a {@link StreamHandler}; implemented by this module only.
 *
 * <p>Each direction is an ordered byte sequence. Data the application has not read holds the
 * remote's send window, so a slow reader slows the writer down instead of buffering without bound.
 * Blocking methods without a timeout argument use {@link HostConfig#streamTimeout()}; every
 * blocking method throws {@link RemoteTimeoutException} when its timeout elapses.
 *
 * <p>Threading: one thread may read while another writes. Writes made by one thread are sent in the
 * order they were made; actions of a thread before a write happen-before the remote reads the
 * written bytes.
 *
 * <p>General exceptions: {@link StreamResetException} once the stream was reset (by either side) or
 * its connection closed; {@link NullPointerException} for null arguments.
 */
public interface Stream extends AutoCloseable {
  /** Returns the peer on the other end. */
  PeerId peer();

  /** Returns the agreed protocol id. */
  String protocol();

  /**
   * Reads up to {@code length} bytes into {@code buffer} at {@code offset}, blocking until at least
   * one byte is available, and returns how many were read, or -1 once the remote closed its write
   * side and every byte was read.
   */
  int read(byte[] buffer, int offset, int length, Duration timeout);

  /** Like {@link #read(byte[], int, int, Duration)} with the host's stream timeout. */
  int read(byte[] buffer, int offset, int length);

  /**
   * Reads exactly {@code buffer.length} bytes, waiting at most {@code timeout} in total.
   *
   * @throws StreamResetException also if the remote closes its write side first
   */
  void readFully(byte[] buffer, Duration timeout);

  /**
   * Reads until the remote closes its write side and returns all bytes, waiting at most {@code
   * timeout} in total.
   *
   * @throws StreamResetException also if more than {@code maxBytes} arrive (the stream is reset)
   */
  byte[] readAll(int maxBytes, Duration timeout);

  /**
   * Returns a future completed with the next chunk of data as it arrives, or with an empty array at
   * end of stream; it fails with {@link StreamResetException}. Do not mix with blocking reads that
   * run at the same time.
   */
  CompletableFuture<byte[]> readAsync();

  /**
   * Writes all of {@code data}: queues a copy and returns at once while the stream's write buffer
   * has room, and otherwise blocks, at most {@code timeout}, until the remote's window has taken
   * it. The array may be reused once this returns. A failure of data queued earlier is thrown by
   * the next write.
   */
  void write(byte[] data, Duration timeout);

  /** Like {@link #write(byte[], Duration)} with the host's stream timeout. */
  void write(byte[] data);

  /**
   * Queues {@code data} (copied) and returns a future completed when it has been sent within the
   * remote's window, or failed with {@link StreamResetException} (also when too much is queued).
   */
  CompletableFuture<Void> writeAsync(byte[] data);

  /**
   * Half-closes the stream: the remote reads end of stream after the data written before. Reading
   * goes on. Idempotent.
   */
  void closeWrite();

  /** Resets the stream: both directions end at once and pending writes fail. Idempotent. */
  void reset();

  /** Returns whether the remote closed its write side and every byte has been read. */
  boolean isEndOfStream();

  /** Closes the write side ({@link #closeWrite()}); the stream ends when the remote closes too. */
  @Override
  void close();
}
