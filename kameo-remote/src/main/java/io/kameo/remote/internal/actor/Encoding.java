package io.kameo.remote.internal.actor;

/**
 * INTERNAL API. How a payload on {@value ActorEnvelope#PROTOCOL_ID} is serialized, with the number
 * that names it on the wire: the internal twin of {@code io.kameo.remote.Encoding}, whose constants
 * it mirrors by name (the API package sits above this one).
 */
public enum Encoding {
  /** CBOR: wire number 1, and the meaning of an absent field. */
  CBOR(1),
  /** JSON: wire number 2. */
  JSON(2);

  private final int code;

  Encoding(int code) {
    this.code = code;
  }

  /** Returns the number that names this encoding on the wire. */
  public int code() {
    return code;
  }

  /**
   * Returns the encoding with wire number {@code code}.
   *
   * @throws IllegalArgumentException if no encoding has that number
   */
  public static Encoding ofCode(int code) {
    for (Encoding e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown payload format " + code);
  }
}
