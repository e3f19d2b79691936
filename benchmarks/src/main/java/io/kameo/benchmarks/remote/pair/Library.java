package io.kameo.benchmarks.remote.pair;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

/**
 * The remote stacks compared: Kameo's (libp2p over TCP: Noise, Yamux; CBOR payloads) and Pekko's
 * Artery over TCP, plain and with TLS, with Jackson CBOR for the same message records.
 */
enum Library {
  KAMEO("kameo"),
  PEKKO_TCP("pekko-tcp"),
  PEKKO_TLS("pekko-tls");

  /** How long any single wait for the other process may take before the run fails. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** The name in the command line and the report. */
  final String id;

  Library(String id) {
    this.id = id;
  }

  static Library named(String id) {
    return Arrays.stream(values())
        .filter(l -> l.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown library: " + id));
  }

  /** Whether this library needs a key store (TLS). */
  boolean needsKeystore() {
    return this == PEKKO_TLS;
  }

  /**
   * Serves {@code sinks} sinks named {@code sink-0}, {@code sink-1}, ... in this process.
   *
   * @param keystore the key store of {@link SelfSignedKeystore}, or null if not {@link
   *     #needsKeystore}
   */
  Node serve(int sinks, Path keystore) {
    return this == KAMEO
        ? KameoSide.serve(sinks)
        : PekkoSide.serve(sinks, this == PEKKO_TLS, keystore);
  }

  /** Connects to the {@code sinks} sinks served at {@code address} by another process. */
  Sinks connect(String address, int sinks, Path keystore) {
    return this == KAMEO
        ? KameoSide.connect(address, sinks)
        : PekkoSide.connect(address, sinks, this == PEKKO_TLS, keystore);
  }

  /**
   * The serving side of a library in the remote process.
   *
   * @param address where the other process finds the sinks (one line, no spaces)
   * @param stop stops the library's node
   */
  record Node(String address, Runnable stop) implements AutoCloseable {
    @Override
    public void close() {
      stop.run();
    }
  }

  /**
   * The sinks of the remote process as the local process sees them. Each method may be called from
   * many threads; each call waits at most {@link #TIMEOUT} and throws if that passes.
   */
  interface Sinks extends AutoCloseable {
    /** Tells {@code tick} to sink number {@code sink}. */
    void tell(int sink, Tick tick);

    /** Asks sink number {@code sink} for its count. */
    long ask(int sink, Count count);

    /** Asks sink number {@code sink} to answer {@code ping}. */
    long ask(int sink, Ping ping);

    @Override
    void close();
  }
}
