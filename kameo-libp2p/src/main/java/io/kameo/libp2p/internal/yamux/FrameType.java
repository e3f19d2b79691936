package io.kameo.libp2p.internal.yamux;

/** INTERNAL API. The four yamux frame types, with their wire codes. */
public enum FrameType {
  /** Carries stream data; the header length is the payload length. */
  DATA(0),
  /** Grows the receiver's send window by the header length (a delta). */
  WINDOW_UPDATE(1),
  /** A session-level ping; the header length is an opaque value echoed back. */
  PING(2),
  /** Ends the session; the header length is a {@link GoAwayCode} value. */
  GO_AWAY(3);

  private static final FrameType[] BY_CODE = values();

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  /** Returns the wire code of this type (0 to 3). */
  public int code() {
    return code;
  }

  /**
   * Returns the type with the given wire code.
   *
   * @throws YamuxProtocolException if {@code code} is not 0 to 3 ("Invalid frame type")
   */
  public static FrameType ofCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new YamuxProtocolException("Invalid frame type " + code);
    }
    return BY_CODE[code];
  }
}
