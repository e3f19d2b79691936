package io.kameo.libp2p;

/**
 * The rules of one DHT key namespace ({@code /<namespace>/...}): what a {@code PUT_VALUE} may store
 * there and what a {@code GET_VALUE} serves. A DHT takes them when it starts ({@link
 * io.kameo.libp2p.runtime.Libp2p#startDht(Host, DhtConfig, java.util.Map)}); values in a namespace
 * without a validator are stored as they come. Kameo's remote actors validate {@code /kameo/} this
 * way.
 *
 * <p>Implementations are called with the store's lock held, so a read-modify-write of one key is
 * atomic; they must not block.
 */
public interface RecordValidator {
  /**
   * Returns the value to store under {@code key} when {@code incoming} arrives and {@code stored}
   * is held (null if none).
   *
   * @throws IllegalArgumentException naming the rule {@code incoming} breaks; nothing is stored
   */
  byte[] accept(byte[] key, byte[] stored, byte[] incoming);

  /** Returns the value to serve for the stored {@code value}, or null to serve nothing. */
  byte[] serve(byte[] key, byte[] value);
}
